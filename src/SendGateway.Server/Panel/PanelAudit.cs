namespace SendGateway.Server.Panel;

/// <summary>
/// Panel actions in the audit log (api.md §5 <c>/v1/audit-log</c>): sign-ins and their failures, factor changes,
/// sign-outs and every view of message content, as <c>user:&lt;id&gt;</c> under the user's tenant (operators under
/// <c>_operators</c>). A failure for an address with no account has no tenant to go to and is only counted.
/// </summary>
internal sealed class PanelAudit(IAuditTrail audit)
{
    public const string OperatorsLog = IAuditTrail.OperatorsLog;

    /// <summary>A person not (yet) signed in, named by their account: their tenant (null for an operator) and id.</summary>
    public async Task RecordAsync(string? tenantId, string userId, string action, string? target, HttpContext context, CancellationToken cancellationToken) =>
        await audit.AppendAsync(tenantId ?? OperatorsLog, $"user:{userId}", action, target, context.Connection.RemoteIpAddress?.ToString(), null, cancellationToken);

    public async Task RecordAsync(System.Security.Claims.ClaimsPrincipal user, string action, string? target, HttpContext context, CancellationToken cancellationToken) =>
        await audit.AppendAsync(
            user.TenantOf() ?? OperatorsLog, $"user:{user.UserIdOf()}", action, target, context.Connection.RemoteIpAddress?.ToString(), null, cancellationToken);

    /// <summary>An operator's change of one tenant, in that tenant's log (where <c>/v1/admin/tenants/{id}</c> records it too).</summary>
    public async Task RecordForTenantAsync(string tenantId, System.Security.Claims.ClaimsPrincipal user, string action, string? target, HttpContext context, CancellationToken cancellationToken) =>
        await audit.AppendAsync(tenantId, $"user:{user.UserIdOf()}", action, target, context.Connection.RemoteIpAddress?.ToString(), null, cancellationToken);
}
