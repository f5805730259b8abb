using Dapper;
using SendGateway.Server.PrivacyContract;

namespace SendGateway.Server.Webhooks;

/// <summary>Retention: a tenant's sent or given-up webhook batches and its delivery attempts older than its retention.</summary>
internal sealed class WebhookRetentionStep : IRetentionStep
{
    public async Task DeleteOlderThanAsync(RetentionBatch batch, CancellationToken cancellationToken)
    {
        var (batches, deliveries) = await batch.Connection.QuerySingleAsync<(long, long)>(new CommandDefinition(
            """
            WITH b AS (DELETE FROM webhook_batches WHERE tenant_id = @tenantId AND id IN (
                           SELECT id FROM webhook_batches WHERE tenant_id = @tenantId AND created_at < @cutoff AND state <> 'pending' LIMIT @limit) RETURNING 1),
                 d AS (DELETE FROM webhook_deliveries WHERE tenant_id = @tenantId AND id IN (
                           SELECT id FROM webhook_deliveries WHERE tenant_id = @tenantId AND attempted_at < @cutoff LIMIT @limit) RETURNING 1)
            SELECT (SELECT count(*) FROM b), (SELECT count(*) FROM d)
            """, new { tenantId = batch.TenantId, cutoff = batch.Cutoff, limit = batch.Limit }, batch.Transaction, cancellationToken: cancellationToken));
        batch.WebhookBatches += batches;
        batch.WebhookDeliveries += deliveries;
    }
}
