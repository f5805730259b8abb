using SendGateway.Server.PrivacyContract;

namespace SendGateway.Server.Suppressions;

/// <summary>A tenant's deletion: counts its suppressions and bounce counters (the tenants row's foreign key removes them).</summary>
internal sealed class SuppressionTenantDeletionStep : ITenantDeletionStep
{
    public async Task DeleteTenantAsync(TenantDeletionBatch batch, CancellationToken cancellationToken)
    {
        await batch.CountCascadedRowsAsync("suppressions", cancellationToken);
        await batch.CountCascadedRowsAsync("recipient_bounces", cancellationToken);
    }
}
