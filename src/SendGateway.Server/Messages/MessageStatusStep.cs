using Dapper;
using SendGateway.Server.Events;

namespace SendGateway.Server.Messages;

/// <summary>
/// Keeps each message's row: created by its first event, its status the highest-ranked event seen (a late
/// <c>injected</c> never overwrites <c>ok</c>; a dead letter's <c>dropped</c> ranks as a <c>softbounce</c>, so a replay's
/// <c>ok</c> moves it on: <see cref="EventContract.EventTypes.StatusRank"/>), its accepted time the earliest, its subject
/// the one its first event carries (set once). Reads every event of the batch, not only the new ones: a batch
/// retried after a crash between commit and acknowledgement changes nothing. The window is ordered as the DISTINCT ON,
/// over its whole partition, so PostgreSQL sorts the batch once instead of twice. Opens and clicks by people are counted
/// from the new events only (<c>ev_new</c>), so a batch read again counts nothing twice; none of these columns is
/// indexed, so the updates stay HOT (0020).
/// </summary>
internal sealed class MessageStatusStep : IIngestStep
{
    public Task ApplyAsync(IngestBatch batch, CancellationToken cancellationToken) =>
        batch.Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO messages (tenant_id, id, batch_id, recipient, recipient_domain, from_address, tags, metadata, status, status_rank, accepted_at, updated_at, stream, subject)
            SELECT DISTINCT ON (tenant_id, message_id) tenant_id, message_id, batch_id, recipient, recipient_domain, from_address, tags, metadata, type, rank,
                   min(occurred_at) OVER w, occurred_at, stream, max(subject) OVER w
            FROM ev_stage
            WINDOW w AS (PARTITION BY tenant_id, message_id ORDER BY rank DESC, occurred_at DESC ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
            ORDER BY tenant_id, message_id, rank DESC, occurred_at DESC
            ON CONFLICT (tenant_id, id) DO UPDATE SET
                status = CASE WHEN excluded.status_rank >= messages.status_rank THEN excluded.status ELSE messages.status END,
                status_rank = GREATEST(excluded.status_rank, messages.status_rank),
                accepted_at = LEAST(excluded.accepted_at, messages.accepted_at),
                updated_at = GREATEST(excluded.updated_at, messages.updated_at),
                stream = COALESCE(messages.stream, excluded.stream),
                subject = COALESCE(messages.subject, excluded.subject); -- an outcome ingested before its injected
            UPDATE messages m SET opens = m.opens + c.opens, clicks = m.clicks + c.clicks
            FROM (SELECT n.tenant_id, n.message_id, count(*) FILTER (WHERE n.type = 'open') AS opens, count(*) FILTER (WHERE n.type = 'click') AS clicks
                  FROM ev_new n JOIN ev_stage s ON s.id = n.id
                  WHERE n.type IN ('open', 'click') AND s.machine IS NOT TRUE
                  GROUP BY n.tenant_id, n.message_id) c
            WHERE m.tenant_id = c.tenant_id AND m.id = c.message_id;
            """, transaction: batch.Transaction, cancellationToken: cancellationToken));
}
