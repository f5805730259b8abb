namespace SendGateway.Server.Common;

/// <summary>
/// Appending to the audit log, for folders the audit folder itself depends on (the panel's pages live in their
/// features): <see cref="Audit.AuditStore"/> implements it.
/// </summary>
internal interface IAuditTrail
{
    /// <summary>The log of operator actions that belong to no one tenant (IP pools, dead letters, tenant creation, operators' sign-ins).</summary>
    public const string OperatorsLog = "_operators";

    Task AppendAsync(string tenantId, string actor, string action, string? obj, string? ip, string? purpose, CancellationToken cancellationToken);
}
