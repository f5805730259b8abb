using SendGateway.Server.PrivacyContract;

namespace SendGateway.Server.Templates;

/// <summary>A tenant's deletion: counts its templates (with their versions) (the tenants row's foreign key removes them).</summary>
internal sealed class TemplateTenantDeletionStep : ITenantDeletionStep
{
    public Task DeleteTenantAsync(TenantDeletionBatch batch, CancellationToken cancellationToken) => batch.CountCascadedRowsAsync("templates", cancellationToken);
}
