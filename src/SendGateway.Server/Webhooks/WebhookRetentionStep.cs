using Dapper;
using SendGateway.Server.PrivacyContract;

namespace SendGateway.Server.Webhooks;

/// <summary>
/// Retention: a tenant's sent or given-up webhook batches, its delivery attempts, and the outbox rows a disabled endpoint
/// holds (their events go with the same cutoff), older than its retention. Held outbox rows count as webhook batches.
/// </summary>
internal sealed class WebhookRetentionStep : IRetentionStep
{
    public async Task DeleteOlderThanAsync(RetentionBatch batch, CancellationToken cancellationToken)
    {
        var (batches, deliveries, held) = await batch.Connection.QuerySingleAsync<(long, long, long)>(new CommandDefinition(
            """
            WITH b AS (DELETE FROM webhook_batches WHERE tenant_id = @tenantId AND id IN (
                           SELECT id FROM webhook_batches WHERE tenant_id = @tenantId AND created_at < @cutoff AND state <> 'pending' LIMIT @limit) RETURNING 1),
                 d AS (DELETE FROM webhook_deliveries WHERE tenant_id = @tenantId AND id IN (
                           SELECT id FROM webhook_deliveries WHERE tenant_id = @tenantId AND attempted_at < @cutoff LIMIT @limit) RETURNING 1),
                 o AS (DELETE FROM webhook_outbox WHERE tenant_id = @tenantId AND (webhook_id, event_id) IN (
                           SELECT webhook_id, event_id FROM webhook_outbox WHERE tenant_id = @tenantId AND occurred_at < @cutoff LIMIT @limit) RETURNING 1)
            SELECT (SELECT count(*) FROM b), (SELECT count(*) FROM d), (SELECT count(*) FROM o)
            """, new { tenantId = batch.TenantId, cutoff = batch.Cutoff, limit = batch.Limit }, batch.Transaction, cancellationToken: cancellationToken));
        batch.WebhookBatches += batches + held;
        batch.WebhookDeliveries += deliveries;
    }
}
