using Dapper;
using SendGateway.Server.Events;

namespace SendGateway.Server.Tracking;

/// <summary>
/// Opens and clicks arrive from the tracking endpoints with only their message's id (those endpoints read no
/// database): before they are stored, the message's recipient, sender, batch, tags and metadata are filled in from
/// its row. One whose message is gone (erased, or past retention) is discarded: its link still redirects, nothing is
/// recorded. The message's row exists by then: the token names the shard of its other events, read in order.
/// </summary>
internal sealed class TrackedEventsStep : IIngestStep
{
    public async Task ApplyAsync(IngestBatch batch, CancellationToken cancellationToken)
    {
        if (!batch.Events.Any(e => e.Recipient.Length == 0))
        {
            return;
        }

        await batch.Connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE ev_stage s SET recipient = m.recipient, recipient_domain = m.recipient_domain, from_address = m.from_address,
                batch_id = m.batch_id, tags = m.tags, metadata = m.metadata, stream = m.stream
            FROM messages m WHERE s.recipient = '' AND m.tenant_id = s.tenant_id AND m.id = s.message_id;
            DELETE FROM ev_stage WHERE recipient = '';
            """, transaction: batch.Transaction, cancellationToken: cancellationToken));
    }
}
