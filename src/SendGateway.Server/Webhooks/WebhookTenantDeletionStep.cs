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
        await batch.CountCascadedRowsAsync("webhooks", cancellationToken);
        await batch.DeleteRowsAsync("webhook_outbox", cancellationToken);
        await batch.DeleteRowsAsync("webhook_batches", cancellationToken);
        await batch.DeleteRowsAsync("webhook_deliveries", cancellationToken);
    }
}
