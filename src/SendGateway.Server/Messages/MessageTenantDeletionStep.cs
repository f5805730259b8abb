using SendGateway.Server.PrivacyContract;

namespace SendGateway.Server.Messages;

/// <summary>A tenant's deletion: its messages (no foreign key to <c>tenants</c>: deleted by tenant id; their kept copies cascade).</summary>
internal sealed class MessageTenantDeletionStep : ITenantDeletionStep
{
    public Task DeleteTenantAsync(TenantDeletionBatch batch, CancellationToken cancellationToken) => batch.DeleteRowsAsync("messages", cancellationToken);
}
