using Dapper;
using SendGateway.Server.PrivacyContract;

namespace SendGateway.Server.Messages;

/// <summary>Erasure: deletes the people's messages (by address or keyed hash); their kept copies go with them (foreign key, cascade).</summary>
internal sealed class MessageErasureStep : IErasureStep
{
    public async Task EraseAsync(ErasureBatch batch, CancellationToken cancellationToken) =>
        batch.Messages += await batch.Connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM messages WHERE tenant_id = @tenantId AND (lower(recipient) = ANY (@emails) OR recipient_hash = ANY (@hashes))",
            new { tenantId = batch.TenantId, emails = batch.Emails, hashes = batch.Hashes }, batch.Transaction, cancellationToken: cancellationToken));
}
