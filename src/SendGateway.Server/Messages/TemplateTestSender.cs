using System.Text.Json;
using SendGateway.Server.Domains;
using SendGateway.Server.Templates.Panel;

namespace SendGateway.Server.Messages;

/// <summary>
/// The Templates page's "Send a test": a request as <c>POST /v1/messages</c> would carry it (the template id and
/// version, one recipient with the test vars, the tag <see cref="ITemplateTestSender.Tag"/>) handed to <see cref="MessageSubmission"/>, so
/// it is checked, counted against quotas, queued, signed at delivery and listed in Activity like any send.
/// </summary>
internal sealed class TemplateTestSender(MessageSubmission submission, DomainStore domains) : ITemplateTestSender
{
    /// <summary>How many of the tenant's domains are looked at for a verified one to send from.</summary>
    private const int DomainsLooked = 50;

    public async Task<string?> DefaultFromAsync(string tenantId, CancellationToken cancellationToken) =>
        (await domains.ListAsync(tenantId, null, DomainsLooked, cancellationToken)).FirstOrDefault(d => d.Verified) is { } domain ? $"test@{domain.Name}" : null;

    public async Task<TemplateTestOutcome> SendAsync(
        string tenantId, string templateId, int version, string from, string to, Dictionary<string, JsonElement> vars, CancellationToken cancellationToken)
    {
        var request = new SendMessageRequest
        {
            From = new EmailAddressDto(from, null),
            To = [new RecipientDto(to, null, vars, null)],
            TemplateId = templateId,
            TemplateVersion = version,
            Tags = [ITemplateTestSender.Tag],
        };
        var result = await submission.SubmitAsync(tenantId, request, templateSubject: null, cancellationToken);
        if (result.Accepted is { } accepted)
        {
            var message = accepted.Messages[0];
            return message.Status == "dropped"
                ? new(null, [$"Not sent: the address is {message.Reason ?? "dropped"} (message {message.Id})."])
                : new(message.Id, []);
        }

        return new(null, result.Errors is { } errors
            ? [.. errors.SelectMany(e => e.Value.Select(m => $"{e.Key.Replace('_', ' ')}: {m}"))]
            : [result.Detail ?? result.Title]);
    }
}
