using Dapper;
using SendGateway.Server.PrivacyContract;

namespace SendGateway.Server.Audit;

/// <summary>A tenant's deletion: its audit entries (no foreign key to <c>tenants</c>: deleted by tenant id).</summary>
internal sealed class AuditTenantDeletionStep : ITenantDeletionStep
{
    public async Task DeleteTenantAsync(TenantDeletionBatch batch, CancellationToken cancellationToken) =>
        batch.Rows["audit_log"] = await batch.Connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM audit_log WHERE tenant_id = @tenantId", new { tenantId = batch.TenantId }, batch.Transaction, cancellationToken: cancellationToken));
}
