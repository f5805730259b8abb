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
        await batch.CountCascadedRowsAsync("api_keys", cancellationToken);
        batch.Rows["tenants"] = await batch.Connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM tenants WHERE id = @tenantId", new { tenantId = batch.TenantId }, batch.Transaction, cancellationToken: cancellationToken));
    }
}
