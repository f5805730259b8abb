using SendGateway.Server.PrivacyContract;

namespace SendGateway.Server.Settings;

/// <summary>A tenant's deletion: counts its settings (the tenants row's foreign key removes them).</summary>
internal sealed class TenantSettingsTenantDeletionStep : ITenantDeletionStep
{
    public Task DeleteTenantAsync(TenantDeletionBatch batch, CancellationToken cancellationToken) => batch.CountCascadedRowsAsync("tenant_settings", cancellationToken);
}
