using SendGateway.Server.PrivacyContract;

namespace SendGateway.Server.Streams;

/// <summary>A tenant's deletion: counts its streams (the tenants row's foreign key removes them).</summary>
internal sealed class StreamTenantDeletionStep : ITenantDeletionStep
{
    public Task DeleteTenantAsync(TenantDeletionBatch batch, CancellationToken cancellationToken) => batch.CountCascadedRowsAsync("message_streams", cancellationToken);
}
