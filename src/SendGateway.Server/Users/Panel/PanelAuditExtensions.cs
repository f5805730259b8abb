using SendGateway.Server.Panel;

namespace SendGateway.Server.Users.Panel;

internal static class PanelAuditExtensions
{
    /// <summary>An entry for a person by their account, before (or while) they have a session: sign-in steps, factor and password changes.</summary>
    public static async Task RecordAsync(this PanelAudit audit, PanelUser user, string action, string? target, HttpContext context, CancellationToken cancellationToken) =>
        await audit.RecordAsync(user.TenantId, user.Id, action, target, context, cancellationToken);
}
