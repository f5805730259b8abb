using Dapper;
using SendGateway.Server.PrivacyContract;

namespace SendGateway.Server.Events;

/// <summary>A tenant's deletion: its events (no foreign key to <c>tenants</c>: deleted by tenant id).</summary>
internal sealed class EventTenantDeletionStep : ITenantDeletionStep
{
    public async Task DeleteTenantAsync(TenantDeletionBatch batch, CancellationToken cancellationToken) =>
        batch.Rows["events"] = await batch.Connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM events WHERE tenant_id = @tenantId", new { tenantId = batch.TenantId }, batch.Transaction, cancellationToken: cancellationToken));
}
