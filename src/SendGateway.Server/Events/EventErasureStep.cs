using Dapper;
using SendGateway.Server.PrivacyContract;

namespace SendGateway.Server.Events;

/// <summary>Erasure: deletes the people's events (by address or keyed hash) and leaves their ids in <c>erased_events</c> for the steps after it.</summary>
internal sealed class EventErasureStep : IErasureStep
{
    public async Task EraseAsync(ErasureBatch batch, CancellationToken cancellationToken)
    {
        await batch.Connection.ExecuteAsync(new CommandDefinition(
            "CREATE TEMP TABLE erased_events (id text NOT NULL) ON COMMIT DROP", transaction: batch.Transaction, cancellationToken: cancellationToken));
        batch.Events += await batch.Connection.ExecuteAsync(new CommandDefinition(
            """
            WITH gone AS (
                DELETE FROM events WHERE tenant_id = @tenantId AND (lower(recipient) = ANY (@emails) OR recipient_hash = ANY (@hashes)) RETURNING id)
            INSERT INTO erased_events (id) SELECT id FROM gone
            """, new { tenantId = batch.TenantId, emails = batch.Emails, hashes = batch.Hashes }, batch.Transaction, cancellationToken: cancellationToken));
    }
}
