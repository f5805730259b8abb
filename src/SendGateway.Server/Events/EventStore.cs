using System.Collections.Concurrent;
using System.Text.Json;
using Dapper;
using Npgsql;
using NpgsqlTypes;
using SendGateway.Server.Queue;
using SendGateway.Server.Suppressions;

namespace SendGateway.Server.Events;

/// <summary>
/// Writes event batches to PostgreSQL (binary COPY into a staging table, then idempotent inserts) and keeps
/// each message's status by rank. In the same transaction, each newly stored event is put in the outbox of every
/// enabled webhook that wants its type, and bounces, complaints and unsubscribes add suppressions by the tenant's
/// rules. Day partitions of <c>events</c> are created on first use.
/// </summary>
public sealed class EventStore(NpgsqlDataSource dataSource, SuppressionCache suppressionCache)
{
    public const string Columns = "id, type, occurred_at, message_id, batch_id, sequence, recipient, recipient_domain, from_address, tags, metadata::text AS metadata, smtp::text AS smtp, bounce_class, reason";

    private readonly ConcurrentDictionary<DateOnly, bool> _partitions = new();

    public async Task WriteAsync(IReadOnlyList<EventRecord> events, CancellationToken cancellationToken)
    {
        foreach (var day in events.Select(e => DateOnly.FromDateTime(e.Timestamp.UtcDateTime)).Distinct())
        {
            await EnsurePartitionAsync(day, cancellationToken);
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            CREATE TEMP TABLE ev_stage (
                id text, tenant_id text, type text, occurred_at timestamptz, message_id text, batch_id text, sequence integer,
                recipient text, recipient_domain text, from_address text, tags text[], metadata jsonb, smtp jsonb, bounce_class text,
                reason text, rank smallint) ON COMMIT DROP
            """, transaction: transaction, cancellationToken: cancellationToken));
        await using (var writer = await connection.BeginBinaryImportAsync("COPY ev_stage FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var e in events)
            {
                await writer.StartRowAsync(cancellationToken);
                await writer.WriteAsync(e.Id, NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(e.TenantId ?? string.Empty, NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(e.Type, NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(e.Timestamp.UtcDateTime, NpgsqlDbType.TimestampTz, cancellationToken);
                await writer.WriteAsync(e.MessageId, NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(e.BatchId, NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(e.Sequence, NpgsqlDbType.Integer, cancellationToken);
                await writer.WriteAsync(e.Recipient, NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(e.RecipientDomain, NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(e.From, NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(e.Tags.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(JsonSerializer.Serialize(e.Metadata), NpgsqlDbType.Jsonb, cancellationToken);
                await WriteNullableAsync(writer, e.Smtp is null ? null : JsonSerializer.Serialize(e.Smtp, QueueJsonContext.Default.SmtpDetail), NpgsqlDbType.Jsonb, cancellationToken);
                await WriteNullableAsync(writer, e.Bounce?.Class, NpgsqlDbType.Text, cancellationToken);
                await WriteNullableAsync(writer, e.Reason, NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync((short)EventTypes.Rank(e.Type), NpgsqlDbType.Smallint, cancellationToken);
            }

            await writer.CompleteAsync(cancellationToken);
        }

        var suppressed = (await connection.QueryAsync<(string TenantId, string Email, DateTime? ExpiresAt)>(new CommandDefinition(
            """
            WITH ins AS (
                INSERT INTO events (id, tenant_id, type, occurred_at, message_id, batch_id, sequence, recipient, recipient_domain, from_address, tags, metadata, smtp, bounce_class, reason)
                SELECT id, tenant_id, type, occurred_at, message_id, batch_id, sequence, recipient, recipient_domain, from_address, tags, metadata, smtp, bounce_class, reason
                FROM ev_stage
                ON CONFLICT DO NOTHING
                RETURNING id, tenant_id, type, occurred_at, message_id, lower(recipient) AS email),
            outbox AS (
                INSERT INTO webhook_outbox (webhook_id, event_id, tenant_id, occurred_at)
                SELECT w.id, ins.id, ins.tenant_id, ins.occurred_at FROM ins JOIN webhooks w ON w.tenant_id = ins.tenant_id AND w.enabled AND ins.type = ANY (w.events)
                ON CONFLICT DO NOTHING),
            bounced AS (
                INSERT INTO recipient_bounces (tenant_id, email, hard_bounces, last_bounce_at)
                SELECT tenant_id, email, count(*), max(occurred_at) FROM ins
                WHERE type = 'hardbounce' AND EXISTS (SELECT 1 FROM tenants t WHERE t.id = ins.tenant_id)
                GROUP BY tenant_id, email
                ON CONFLICT (tenant_id, email) DO UPDATE SET
                    hard_bounces = recipient_bounces.hard_bounces + excluded.hard_bounces,
                    last_bounce_at = GREATEST(recipient_bounces.last_bounce_at, excluded.last_bounce_at)
                RETURNING tenant_id, email, hard_bounces),
            listed AS (
                SELECT b.tenant_id, b.email, 'hardbounce' AS reason, 1 AS priority FROM bounced b
                LEFT JOIN tenant_settings s ON s.tenant_id = b.tenant_id
                WHERE b.hard_bounces >= COALESCE(s.hard_bounces_before_suppression, 1)
                UNION ALL
                SELECT i.tenant_id, i.email, i.type, CASE i.type WHEN 'feedback' THEN 4 WHEN 'unsubscribe' THEN 3 ELSE 2 END FROM ins i
                LEFT JOIN tenant_settings s ON s.tenant_id = i.tenant_id
                WHERE (i.type IN ('feedback', 'unsubscribe') OR (i.type = 'spambounce' AND COALESCE(s.suppress_on_spambounce, true)))
                  AND EXISTS (SELECT 1 FROM tenants t WHERE t.id = i.tenant_id))
            INSERT INTO suppressions (tenant_id, email, reason, source_message_id, expires_at)
            SELECT DISTINCT ON (l.tenant_id, l.email) l.tenant_id, l.email, l.reason,
                   (SELECT max(i.message_id) FROM ins i WHERE i.tenant_id = l.tenant_id AND i.email = l.email),
                   now() + make_interval(days => s.suppression_validity_days)
            FROM listed l LEFT JOIN tenant_settings s ON s.tenant_id = l.tenant_id
            ORDER BY l.tenant_id, l.email, l.priority DESC
            ON CONFLICT (tenant_id, email) DO UPDATE SET
                reason = excluded.reason, source_message_id = excluded.source_message_id, created_at = now(), expires_at = excluded.expires_at
                WHERE suppressions.expires_at IS NOT NULL
            RETURNING tenant_id, email, expires_at
            """, transaction: transaction, cancellationToken: cancellationToken))).AsList();

        // Events of a tenant deleted meanwhile are stored but add no suppression (EXISTS above: no foreign-key failure that
        // would leave the batch pending for ever). New suppressions are mirrored inside the transaction: if Redis fails the
        // batch rolls back and is retried, so the mirror never misses a row.
        foreach (var tenant in suppressed.GroupBy(r => r.TenantId))
        {
            await suppressionCache.SetAsync(tenant.Key, tenant.Select(r => (r.Email, Utc(r.ExpiresAt))), cancellationToken);
        }

        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO messages (tenant_id, id, batch_id, recipient, recipient_domain, from_address, tags, metadata, status, status_rank, accepted_at, updated_at)
            SELECT DISTINCT ON (tenant_id, message_id) tenant_id, message_id, batch_id, recipient, recipient_domain, from_address, tags, metadata, type, rank,
                   min(occurred_at) OVER (PARTITION BY tenant_id, message_id), occurred_at
            FROM ev_stage
            ORDER BY tenant_id, message_id, rank DESC, occurred_at DESC
            ON CONFLICT (tenant_id, id) DO UPDATE SET
                status = CASE WHEN excluded.status_rank >= messages.status_rank THEN excluded.status ELSE messages.status END,
                status_rank = GREATEST(excluded.status_rank, messages.status_rank),
                accepted_at = LEAST(excluded.accepted_at, messages.accepted_at),
                updated_at = GREATEST(excluded.updated_at, messages.updated_at);
            """, transaction: transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }

    private static DateTimeOffset? Utc(DateTime? at) => at is { } value ? new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc)) : null;

    private static Task WriteNullableAsync(NpgsqlBinaryImporter writer, string? value, NpgsqlDbType type, CancellationToken cancellationToken) =>
        value is null ? writer.WriteNullAsync(cancellationToken) : writer.WriteAsync(value, type, cancellationToken);

    private async Task EnsurePartitionAsync(DateOnly day, CancellationToken cancellationToken)
    {
        if (_partitions.ContainsKey(day))
        {
            return;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // Explicit +00 bounds: a bare date would be read in the session's time zone and leave UTC gaps.
        var sql = $"CREATE TABLE IF NOT EXISTS events_{day:yyyyMMdd} PARTITION OF events FOR VALUES FROM ('{day:yyyy-MM-dd} 00:00:00+00') TO ('{day.AddDays(1):yyyy-MM-dd} 00:00:00+00')";
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(sql, cancellationToken: cancellationToken));
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateTable or PostgresErrorCodes.UniqueViolation)
        {
            // Another ingester created it at the same moment.
        }

        _partitions[day] = true;
    }
}
