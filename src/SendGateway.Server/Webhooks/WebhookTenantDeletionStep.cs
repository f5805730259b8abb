using Dapper;
using SendGateway.Server.PrivacyContract;

namespace SendGateway.Server.Webhooks;

/// <summary>
/// A tenant's deletion: counts its webhooks (the tenants row's foreign key removes them) and deletes its outbox rows,
/// batches and delivery attempts by tenant id.
/// </summary>
internal sealed class WebhookTenantDeletionStep : ITenantDeletionStep
{
    public async Task DeleteTenantAsync(TenantDeletionBatch batch, CancellationToken cancellationToken)
    {
        var args = new { tenantId = batch.TenantId };
        batch.Rows["webhooks"] = await batch.Connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT count(*) FROM webhooks WHERE tenant_id = @tenantId", args, batch.Transaction, cancellationToken: cancellationToken));
        foreach (var table in (string[])["webhook_outbox", "webhook_batches", "webhook_deliveries"])
        {
            batch.Rows[table] = await batch.Connection.ExecuteAsync(new CommandDefinition(
                $"DELETE FROM {table} WHERE tenant_id = @tenantId", args, batch.Transaction, cancellationToken: cancellationToken));
        }
    }
}
