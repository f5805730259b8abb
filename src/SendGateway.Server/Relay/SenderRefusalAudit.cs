using System.Net;

namespace SendGateway.Server.Relay;

/// <summary>
/// Writes a tenant's refused sender (reliability.md T15) to its audit log: the envelope sender's domain or the header
/// that named a domain the tenant has not proven, and the client's address. Never the full address. A failed write is
/// logged and does not change the refusal the client gets.
/// </summary>
internal sealed class SenderRefusalAudit(IAuditTrail audit, ILogger<SenderRefusalAudit> logger)
{
    public async Task RecordAsync(string tenantId, string what, EndPoint? remote, CancellationToken cancellationToken)
    {
        try
        {
            await audit.AppendAsync(tenantId, "smtp-relay", AuditActions.RelaySenderRefused, what, (remote as IPEndPoint)?.Address.ToString(), null, cancellationToken);
        }
        catch (Exception e) when (Storage.Outage.IsTransient(e))
        {
            RelayLog.AuditFailed(logger, e, tenantId);
        }
    }

    /// <summary>The domain of <paramref name="address"/>, as the audit record names it.</summary>
    public static string DomainOf(string address) => "domain=" + address[(address.LastIndexOf('@') + 1)..];
}
