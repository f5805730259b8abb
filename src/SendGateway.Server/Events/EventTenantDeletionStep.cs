using SendGateway.Server.PrivacyContract;

namespace SendGateway.Server.Events;

/// <summary>A tenant's deletion: its events (no foreign key to <c>tenants</c>: deleted by tenant id).</summary>
internal sealed class EventTenantDeletionStep : ITenantDeletionStep
{
    public Task DeleteTenantAsync(TenantDeletionBatch batch, CancellationToken cancellationToken) => batch.DeleteRowsAsync("events", cancellationToken);
}
