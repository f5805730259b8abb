using SendGateway.Server.PrivacyContract;

namespace SendGateway.Server.Domains;

/// <summary>A tenant's deletion: counts its sending domains (the tenants row's foreign key removes them).</summary>
internal sealed class DomainTenantDeletionStep : ITenantDeletionStep
{
    public Task DeleteTenantAsync(TenantDeletionBatch batch, CancellationToken cancellationToken) => batch.CountCascadedRowsAsync("domains", cancellationToken);
}
