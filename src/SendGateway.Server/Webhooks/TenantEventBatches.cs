using Dapper;
using Npgsql;

namespace SendGateway.Server.Webhooks;

/// <summary>
/// A tenant-level event (not a message's, so not in <c>events</c> nor the outbox): one batch of one event for each
/// enabled endpoint of the tenant subscribed to its type, written in the caller's transaction. The dispatcher delivers,
/// signs, retries and lists it like any other batch.
/// </summary>
internal static class TenantEventBatches
{
    public static Task<int> AddAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string tenantId, string type, string payload, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO webhook_batches (id, webhook_id, tenant_id, payload, event_count, next_attempt_at)
            SELECT @prefix || w.id, w.id, w.tenant_id, @payload, 1, now() FROM webhooks w
            WHERE w.tenant_id = @tenantId AND w.enabled AND @type = ANY (w.events)
            """, new { prefix = Ids.New("whm") + "_", tenantId, type, payload }, transaction, cancellationToken: cancellationToken));
}
