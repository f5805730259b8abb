using Dapper;
using SendGateway.Server.Events;

namespace SendGateway.Server.Webhooks;

/// <summary>Puts each newly stored event in the outbox of every enabled webhook of its tenant that wants its type.</summary>
internal sealed class WebhookOutboxStep : IIngestStep
{
    public Task ApplyAsync(IngestBatch batch, CancellationToken cancellationToken) =>
        batch.Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO webhook_outbox (webhook_id, event_id, tenant_id, occurred_at)
            SELECT w.id, n.id, n.tenant_id, n.occurred_at FROM ev_new n JOIN webhooks w ON w.tenant_id = n.tenant_id AND w.enabled AND n.type = ANY (w.events)
            ON CONFLICT DO NOTHING
            """, transaction: batch.Transaction, cancellationToken: cancellationToken));
}
