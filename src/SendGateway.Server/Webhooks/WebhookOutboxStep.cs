using Dapper;
using SendGateway.Server.Events;

namespace SendGateway.Server.Webhooks;

/// <summary>
/// Puts each newly stored event in the outbox of every webhook of its tenant that wants its type: the enabled ones, and
/// those the dispatcher disabled (<c>failing</c>, <c>gone</c>), whose outbox holds the events until the tenant enables
/// the endpoint again or replays (reliability.md T56); the dispatcher batches only enabled endpoints' outboxes. An
/// endpoint the tenant disabled gets nothing; one with a streams filter gets only its streams' events. Held rows go with the tenant's retention (<see cref="WebhookRetentionStep"/>).
/// </summary>
internal sealed class WebhookOutboxStep : IIngestStep
{
    public Task ApplyAsync(IngestBatch batch, CancellationToken cancellationToken) =>
        batch.Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO webhook_outbox (webhook_id, event_id, tenant_id, occurred_at)
            SELECT w.id, n.id, n.tenant_id, n.occurred_at FROM ev_new n
            JOIN webhooks w ON w.tenant_id = n.tenant_id AND (w.enabled OR w.disabled_reason IN ('failing', 'gone')) AND n.type = ANY (w.events)
                AND (w.streams IS NULL OR COALESCE(n.stream, 'transactional') = ANY (w.streams))
            ON CONFLICT DO NOTHING
            """, transaction: batch.Transaction, cancellationToken: cancellationToken));
}
