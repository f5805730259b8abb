using SendGateway.Server.PrivacyContract;

namespace SendGateway.Server.Audit;

/// <summary>A tenant's deletion: its audit entries (no foreign key to <c>tenants</c>: deleted by tenant id).</summary>
internal sealed class AuditTenantDeletionStep : ITenantDeletionStep
{
    public Task DeleteTenantAsync(TenantDeletionBatch batch, CancellationToken cancellationToken) => batch.DeleteRowsAsync("audit_log", cancellationToken);
}
