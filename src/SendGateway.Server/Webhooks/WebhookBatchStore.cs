using System.Text.Json;
using Dapper;
using Npgsql;
using SendGateway.Server.Events;
using SendGateway.Server.Settings;

namespace SendGateway.Server.Webhooks;

/// <summary>
/// The dispatcher's SQL: turns an endpoint's outbox rows into batches (payload fixed at formation, so every attempt of a
/// <c>webhook-id</c> carries the same body), leases due batches across processes, and records outcomes.
/// </summary>
internal sealed class WebhookBatchStore(NpgsqlDataSource dataSource, TenantSettingsStore settings)
{
    private static readonly string QualifiedColumns = string.Join(", ", EventStore.Columns.Split(", ").Select(c => "e." + c));

    /// <summary>Enabled endpoints that have events waiting to be batched.</summary>
    public async Task<IReadOnlyList<(string Id, string TenantId, int BatchSize)>> EndpointsWithOutboxAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string, string, int)>(new CommandDefinition(
            """
            SELECT w.id, w.tenant_id, w.batch_size FROM webhooks w
            WHERE w.enabled AND EXISTS (SELECT 1 FROM webhook_outbox o WHERE o.webhook_id = w.id)
            LIMIT @limit
            """, new { limit }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>Moves up to <paramref name="batchSize"/> of an endpoint's oldest outbox events into one new batch; null when none were left.</summary>
    public async Task<string?> FormBatchAsync(string webhookId, string tenantId, int batchSize, JsonSerializerOptions json, CancellationToken cancellationToken)
    {
        var tenantSettings = await settings.GetAsync(tenantId, cancellationToken); // what the payload carries of the recipient
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var events = (await connection.QueryAsync<EventRow>(new CommandDefinition(
            $"""
            WITH picked AS (
                DELETE FROM webhook_outbox o
                WHERE (o.webhook_id, o.event_id) IN (
                    SELECT webhook_id, event_id FROM webhook_outbox WHERE webhook_id = @webhookId
                    ORDER BY occurred_at, event_id LIMIT @batchSize FOR UPDATE SKIP LOCKED)
                RETURNING o.event_id, o.occurred_at)
            SELECT {QualifiedColumns}
            FROM events e JOIN picked p ON e.id = p.event_id AND e.occurred_at = p.occurred_at
            WHERE e.tenant_id = @tenantId
            ORDER BY e.occurred_at, e.id
            """, new { webhookId, tenantId, batchSize }, transaction, cancellationToken: cancellationToken))).AsList();
        if (events.Count == 0)
        {
            await transaction.CommitAsync(cancellationToken);
            return null;
        }

        var id = Ids.New("whm");
        var payload = WebhookRecipientShape.Serialize([.. events.Select(e => e.ToView())], tenantSettings, json);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO webhook_batches (id, webhook_id, tenant_id, payload, event_count, next_attempt_at)
            VALUES (@id, @webhookId, @tenantId, @payload, @count, now())
            """, new { id, webhookId, tenantId, payload, count = events.Count }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return id;
    }

    /// <summary>
    /// Leases up to <paramref name="limit"/> due batches, at most one per endpoint and none of <paramref name="busy"/>,
    /// by pushing their next attempt <paramref name="lease"/> ahead: a process that dies mid-attempt leaves them due again.
    /// </summary>
    public async Task<IReadOnlyList<ClaimedBatch>> ClaimAsync(IReadOnlyCollection<string> busy, int limit, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<ClaimedBatch>(new CommandDefinition(
            """
            WITH due AS (
                SELECT id FROM (
                    SELECT DISTINCT ON (b.webhook_id) b.id, b.next_attempt_at FROM webhook_batches b
                    JOIN webhooks w ON w.id = b.webhook_id AND w.enabled
                    WHERE b.state = 'pending' AND b.next_attempt_at <= now() AND NOT (b.webhook_id = ANY (@busy))
                    ORDER BY b.webhook_id, b.next_attempt_at) first_per_endpoint
                ORDER BY next_attempt_at LIMIT @limit)
            UPDATE webhook_batches b SET next_attempt_at = now() + @lease, attempts = b.attempts + 1
            FROM due, webhooks w
            WHERE b.id = due.id AND w.id = b.webhook_id AND b.state = 'pending' AND b.next_attempt_at <= now()
            RETURNING b.id, b.webhook_id, b.tenant_id, b.payload, b.event_count, b.attempts, COALESCE(b.replayed_at, b.created_at) AS created_at, w.url, w.secret,
                CASE WHEN w.previous_secret_expires_at > now() THEN w.previous_secret END AS previous_secret
            """, new { busy = busy.ToArray(), limit, lease }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    public async Task DeliveredAsync(string batchId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE webhook_batches SET state = 'delivered', completed_at = now() WHERE id = @batchId", new { batchId }, cancellationToken: cancellationToken));
    }

    /// <summary>Schedules the next attempt, or marks the batch failed when <paramref name="next"/> is null (its retry window is over).</summary>
    public async Task RetryAsync(string batchId, DateTimeOffset? next, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            next is null
                ? "UPDATE webhook_batches SET state = 'failed', completed_at = now() WHERE id = @batchId"
                : "UPDATE webhook_batches SET next_attempt_at = @next WHERE id = @batchId",
            new { batchId, next = next?.UtcDateTime }, cancellationToken: cancellationToken));
    }

    /// <summary>410 Gone: the endpoint is disabled; its batch stays pending and goes out again if the tenant re-enables it.</summary>
    public async Task DisableAsync(string webhookId, string batchId, string reason, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE webhooks SET enabled = false, disabled_reason = @reason, updated_at = now() WHERE id = @webhookId;
            UPDATE webhook_batches SET next_attempt_at = now() WHERE id = @batchId;
            """, new { webhookId, batchId, reason }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// The end of a batch's retry schedule (reliability.md T56): the batch and every other batch of the endpoint still
    /// pending are failed (replayable by id or range), and the endpoint is disabled as <c>failing</c>.
    /// </summary>
    public async Task GiveUpAsync(string webhookId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE webhooks SET enabled = false, disabled_reason = 'failing', updated_at = now() WHERE id = @webhookId;
            UPDATE webhook_batches SET state = 'failed', completed_at = now() WHERE webhook_id = @webhookId AND state = 'pending';
            """, new { webhookId }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Sends failed batches of an endpoint again (delivered ones too with <paramref name="includeDelivered"/>): one by id,
    /// or those formed in [<paramref name="from"/>, <paramref name="to"/>), oldest first, at most <paramref name="max"/>.
    /// Each goes out at once with the same <c>webhook-id</c> and body, and gets a new retry window. An endpoint the service
    /// disabled (<c>failing</c>, <c>gone</c>) is enabled again when something is replayed or its outbox holds events that
    /// occurred while it was disabled (reliability.md T56): the tenant says it is back, and the held events are batched and
    /// sent as for any enabled endpoint. One the tenant disabled stays so (its batches wait). Returns how many batches.
    /// </summary>
    public async Task<int> ReplayAsync(
        string tenantId, string webhookId, string? batchId, DateTime? from, DateTime? to, bool includeDelivered, int max, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            """
            WITH replayed AS (
                UPDATE webhook_batches SET state = 'pending', next_attempt_at = now(), attempts = 0, replayed_at = now(), completed_at = NULL
                WHERE id IN (
                    SELECT id FROM webhook_batches
                    WHERE tenant_id = @tenantId AND webhook_id = @webhookId AND (@batchId::text IS NULL OR id = @batchId)
                      AND (@from::timestamptz IS NULL OR created_at >= @from) AND (@to::timestamptz IS NULL OR created_at < @to)
                      AND (state = 'failed' OR (@includeDelivered AND state = 'delivered'))
                    ORDER BY created_at LIMIT @max)
                RETURNING id),
            enabled AS (
                UPDATE webhooks SET enabled = true, disabled_reason = NULL, updated_at = now()
                WHERE tenant_id = @tenantId AND id = @webhookId AND NOT enabled AND disabled_reason IN ('failing', 'gone')
                  AND (EXISTS (SELECT 1 FROM replayed) OR EXISTS (SELECT 1 FROM webhook_outbox o WHERE o.webhook_id = @webhookId)))
            SELECT count(*)::int FROM replayed
            """, new { tenantId, webhookId, batchId, from, to, includeDelivered, max }, cancellationToken: cancellationToken));
    }
}
