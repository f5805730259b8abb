using Dapper;
using SendGateway.Server.PrivacyContract;

namespace SendGateway.Server.Messages;

/// <summary>A tenant's deletion: its messages (no foreign key to <c>tenants</c>: deleted by tenant id; their kept copies cascade).</summary>
internal sealed class MessageTenantDeletionStep : ITenantDeletionStep
{
    public async Task DeleteTenantAsync(TenantDeletionBatch batch, CancellationToken cancellationToken) =>
        batch.Rows["messages"] = await batch.Connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM messages WHERE tenant_id = @tenantId", new { tenantId = batch.TenantId }, batch.Transaction, cancellationToken: cancellationToken));
}
