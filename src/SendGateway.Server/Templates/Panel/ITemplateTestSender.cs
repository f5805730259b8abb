using System.Text.Json;

namespace SendGateway.Server.Templates.Panel;

/// <summary>
/// "Send a test" on a template's page: one message of a stored template version to one address, through the one path
/// every send takes (accept: checks, quotas, queue, DKIM at delivery, Activity). Implemented by Messages, which sits
/// above Templates (<c>Messages/TemplateTestSender</c>).
/// </summary>
internal interface ITemplateTestSender
{
    /// <summary>The tag of every test send (Activity finds them by it).</summary>
    const string Tag = "template-test";

    /// <summary>A sender address the tenant may use for a test (at its first verified domain), or null when it has none.</summary>
    Task<string?> DefaultFromAsync(string tenantId, CancellationToken cancellationToken);

    Task<TemplateTestOutcome> SendAsync(
        string tenantId, string templateId, int version, string from, string to, Dictionary<string, JsonElement> vars, CancellationToken cancellationToken);
}
