using System.Collections.Concurrent;
using System.Text.Json;
using Dapper;
using Npgsql;
using NpgsqlTypes;
using SendGateway.Server.EventContract;

namespace SendGateway.Server.Events;

/// <summary>
/// Writes event batches to PostgreSQL: binary COPY into a staging table, an idempotent insert into <c>events</c>, then
/// each slice's <see cref="IIngestStep"/> in the same transaction, in <see cref="IngestOrder"/>, so a batch is stored
/// whole or not at all. Day partitions of <c>events</c> are created on first use.
/// </summary>
internal sealed class EventStore(NpgsqlDataSource dataSource, IEnumerable<IIngestStep> steps)
{
    private readonly (IIngestStep[] BeforeInsert, IIngestStep[] AfterInsert) _steps = IngestOrder.Arrange(steps);

    public const string Columns = "id, type, occurred_at, message_id, batch_id, sequence, recipient, recipient_domain, from_address, tags, metadata::text AS metadata, smtp::text AS smtp, bounce_class, reason, url, user_agent, machine, machine_reason, client::text AS client, stream";

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
                reason text, rank smallint, url text, user_agent text, machine boolean, machine_reason text, client jsonb, stream text, subject text) ON COMMIT DROP;
            CREATE TEMP TABLE ev_new (id text, tenant_id text, type text, occurred_at timestamptz, message_id text, email text, stream text) ON COMMIT DROP
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
                await WriteNullableAsync(writer, e.Smtp is null ? null : JsonSerializer.Serialize(e.Smtp, EventJsonContext.Default.SmtpDetail), NpgsqlDbType.Jsonb, cancellationToken);
                await WriteNullableAsync(writer, e.Bounce?.Class, NpgsqlDbType.Text, cancellationToken);
                await WriteNullableAsync(writer, e.Reason, NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync((short)EventTypes.StatusRank(e.Type, e.Reason), NpgsqlDbType.Smallint, cancellationToken);
                await WriteNullableAsync(writer, e.Url, NpgsqlDbType.Text, cancellationToken);
                await WriteNullableAsync(writer, e.UserAgent, NpgsqlDbType.Text, cancellationToken);
                if (e.Machine is { } machine)
                {
                    await writer.WriteAsync(machine, NpgsqlDbType.Boolean, cancellationToken);
                }
                else
                {
                    await writer.WriteNullAsync(cancellationToken);
                }

                await WriteNullableAsync(writer, e.MachineReason, NpgsqlDbType.Text, cancellationToken);
                await WriteNullableAsync(writer, e.Client is null ? null : JsonSerializer.Serialize(e.Client, EventJsonContext.Default.ClientDetail), NpgsqlDbType.Jsonb, cancellationToken);
                await WriteNullableAsync(writer, e.Stream, NpgsqlDbType.Text, cancellationToken);
                await WriteNullableAsync(writer, e.Subject, NpgsqlDbType.Text, cancellationToken);
            }

            await writer.CompleteAsync(cancellationToken);
        }

        var batch = new IngestBatch(events, connection, transaction);
        foreach (var step in _steps.BeforeInsert)
        {
            await step.ApplyAsync(batch, cancellationToken); // before the insert: they complete or discard staged rows
        }

        await connection.ExecuteAsync(new CommandDefinition(
            """
            WITH ins AS (
                INSERT INTO events (id, tenant_id, type, occurred_at, message_id, batch_id, sequence, recipient, recipient_domain, from_address, tags, metadata, smtp, bounce_class, reason,
                                    url, user_agent, machine, machine_reason, client, stream)
                SELECT id, tenant_id, type, occurred_at, message_id, batch_id, sequence, recipient, recipient_domain, from_address, tags, metadata, smtp, bounce_class, reason,
                       url, user_agent, machine, machine_reason, client, stream
                FROM ev_stage
                ON CONFLICT DO NOTHING
                RETURNING id, tenant_id, type, occurred_at, message_id, lower(recipient) AS email, stream)
            INSERT INTO ev_new SELECT * FROM ins
            """, transaction: transaction, cancellationToken: cancellationToken));

        foreach (var step in _steps.AfterInsert)
        {
            await step.ApplyAsync(batch, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

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
