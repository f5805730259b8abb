using Dapper;
using SendGateway.Server.PrivacyContract;

namespace SendGateway.Server.Messages;

/// <summary>Retention of <c>messages</c> and <c>message_contents</c>: masking anonymised messages (address masked, subject blanked), deleting those past the tenant's retention and expired copies.</summary>
internal sealed class MessageRetentionStep : IRetentionStep
{
    public async Task AnonymizeAsync(AnonymizationBatch batch, CancellationToken cancellationToken)
    {
        var args = new { tenantId = batch.TenantId, ids = batch.Ids, masks = batch.Masks, hashes = batch.Hashes, dropMetadata = batch.DropMetadata };
        batch.MessagesAnonymized += await batch.Connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE messages m SET recipient = a.mask, recipient_hash = a.hash, anonymized_at = now(), subject = NULL,
                   metadata = CASE WHEN @dropMetadata THEN '{}'::jsonb ELSE m.metadata END
            FROM unnest(@ids, @masks, @hashes) AS a (id, mask, hash)
            WHERE m.tenant_id = @tenantId AND m.id = a.id
            """, args, batch.Transaction, cancellationToken: cancellationToken));
        // The copy as sent names the person in its headers and body: it goes with the address.
        await batch.Connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM message_contents WHERE tenant_id = @tenantId AND message_id = ANY (@ids)", args, batch.Transaction, cancellationToken: cancellationToken));
    }

    /// <summary>At most the batch's limit of messages older than the cutoff, and of copies past their own expiry by the job's clock.</summary>
    public async Task DeleteOlderThanAsync(RetentionBatch batch, CancellationToken cancellationToken)
    {
        batch.Messages += await batch.Connection.QuerySingleAsync<long>(new CommandDefinition(
            """
            WITH m AS (DELETE FROM messages WHERE tenant_id = @tenantId AND id IN (
                           SELECT id FROM messages WHERE tenant_id = @tenantId AND updated_at < @cutoff LIMIT @limit) RETURNING 1),
                 c AS (DELETE FROM message_contents WHERE tenant_id = @tenantId AND message_id IN (
                           SELECT message_id FROM message_contents WHERE tenant_id = @tenantId AND expires_at < @now LIMIT @limit))
            SELECT count(*) FROM m
            """, new { tenantId = batch.TenantId, now = batch.Now, cutoff = batch.Cutoff, limit = batch.Limit }, batch.Transaction, cancellationToken: cancellationToken));
    }
}
