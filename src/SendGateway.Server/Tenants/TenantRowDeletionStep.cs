using Dapper;
using SendGateway.Server.PrivacyContract;

namespace SendGateway.Server.Tenants;

/// <summary>
/// A tenant's deletion, last: counts its API keys, then deletes the tenants row, whose foreign keys cascade to every
/// table that references it (keys, domains, credentials, settings, suppressions, bounce counters, webhooks, templates).
/// </summary>
internal sealed class TenantRowDeletionStep : ITenantDeletionStep
{
    public async Task DeleteTenantAsync(TenantDeletionBatch batch, CancellationToken cancellationToken)
    {
        var args = new { tenantId = batch.TenantId };
        batch.Rows["api_keys"] = await batch.Connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT count(*) FROM api_keys WHERE tenant_id = @tenantId", args, batch.Transaction, cancellationToken: cancellationToken));
        batch.Rows["tenants"] = await batch.Connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM tenants WHERE id = @tenantId", args, batch.Transaction, cancellationToken: cancellationToken));
    }
}
