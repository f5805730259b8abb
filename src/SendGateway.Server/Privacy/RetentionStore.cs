using System.Globalization;
using Dapper;
using Npgsql;

namespace SendGateway.Server.Privacy;

/// <summary>SQL of the anonymisation and retention job; per-tenant statements are scoped by tenant.</summary>
public sealed class RetentionStore(NpgsqlDataSource dataSource)
{
    public async Task<IReadOnlyList<(string TenantId, int? RetentionDays, int? AnonymizeAfterMinutes, bool AnonymizeMetadata)>> TenantRulesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string, int?, int?, bool)>(new CommandDefinition(
            """
            SELECT t.id, s.retention_days, s.anonymize_after_minutes, COALESCE(s.anonymize_metadata, false)
            FROM tenants t LEFT JOIN tenant_settings s ON s.tenant_id = t.id
            """, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>Messages whose final status (rank ≥ ok) is older than the tenant's anonymisation delay, not yet anonymised.</summary>
    public async Task<IReadOnlyList<(string Id, string Recipient)>> DueForAnonymisationAsync(string tenantId, int afterMinutes, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string, string)>(new CommandDefinition(
            """
            SELECT id, recipient FROM messages
            WHERE tenant_id = @tenantId AND anonymized_at IS NULL AND status_rank >= 3
              AND accepted_at <= now() - make_interval(mins => @afterMinutes) -- the index (0020); implied by the next line
              AND updated_at <= now() - make_interval(mins => @afterMinutes)
            ORDER BY accepted_at LIMIT @limit
            """, new { tenantId, afterMinutes, limit }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    public async Task<long> AnonymizeAsync(string tenantId, IReadOnlyList<(string Id, string Masked, string Hash)> rows, bool dropMetadata, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var args = new { tenantId, ids = rows.Select(r => r.Id).ToArray(), masks = rows.Select(r => r.Masked).ToArray(), hashes = rows.Select(r => r.Hash).ToArray(), dropMetadata };
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE messages m SET recipient = a.mask, recipient_hash = a.hash, anonymized_at = now(),
                   metadata = CASE WHEN @dropMetadata THEN '{}'::jsonb ELSE m.metadata END
            FROM unnest(@ids, @masks, @hashes) AS a (id, mask, hash)
            WHERE m.tenant_id = @tenantId AND m.id = a.id
            """, args, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE events e SET recipient = a.mask, recipient_hash = a.hash,
                   metadata = CASE WHEN @dropMetadata THEN '{}'::jsonb ELSE e.metadata END
            FROM unnest(@ids, @masks, @hashes) AS a (id, mask, hash)
            WHERE e.tenant_id = @tenantId AND e.message_id = a.id
            """, args, transaction, cancellationToken: cancellationToken));
        // The copy as sent names the person in its headers and body: it goes with the address.
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM message_contents WHERE tenant_id = @tenantId AND message_id = ANY (@ids)", args, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return changed;
    }

    /// <summary>Drops whole day partitions of <c>events</c> that end before <paramref name="cutoff"/> (the longest retention of any tenant).</summary>
    public async Task<long> DropPartitionsBeforeAsync(DateTime cutoff, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var partitions = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'events'",
            cancellationToken: cancellationToken));
        long dropped = 0;
        foreach (var name in partitions)
        {
            if (DateTime.TryParseExact(name.Replace("events_", string.Empty, StringComparison.Ordinal), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var day)
                && day.AddDays(1) <= cutoff)
            {
                await connection.ExecuteAsync(new CommandDefinition($"DROP TABLE IF EXISTS {name}", cancellationToken: cancellationToken));
                dropped++;
            }
        }

        return dropped;
    }

    /// <summary>Deletes one tenant's events, messages and webhook batches older than its own (shorter) retention, at most <paramref name="limit"/> of each.</summary>
    public async Task<(long Events, long Messages, long Batches, long Deliveries)> DeleteOlderThanAsync(string tenantId, DateTime cutoff, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleAsync<(long, long, long, long)>(new CommandDefinition(
            """
            WITH e AS (DELETE FROM events WHERE tenant_id = @tenantId AND (id, occurred_at) IN (
                           SELECT id, occurred_at FROM events WHERE tenant_id = @tenantId AND occurred_at < @cutoff LIMIT @limit) RETURNING 1),
                 m AS (DELETE FROM messages WHERE tenant_id = @tenantId AND id IN (
                           SELECT id FROM messages WHERE tenant_id = @tenantId AND updated_at < @cutoff LIMIT @limit) RETURNING 1),
                 b AS (DELETE FROM webhook_batches WHERE tenant_id = @tenantId AND id IN (
                           SELECT id FROM webhook_batches WHERE tenant_id = @tenantId AND created_at < @cutoff AND state <> 'pending' LIMIT @limit) RETURNING 1),
                 d AS (DELETE FROM webhook_deliveries WHERE tenant_id = @tenantId AND id IN (
                           SELECT id FROM webhook_deliveries WHERE tenant_id = @tenantId AND attempted_at < @cutoff LIMIT @limit) RETURNING 1),
                 c AS (DELETE FROM message_contents WHERE tenant_id = @tenantId AND message_id IN (
                           SELECT message_id FROM message_contents WHERE tenant_id = @tenantId AND expires_at < now() LIMIT @limit))
            SELECT (SELECT count(*) FROM e), (SELECT count(*) FROM m), (SELECT count(*) FROM b), (SELECT count(*) FROM d)
            """, new { tenantId, cutoff, limit }, cancellationToken: cancellationToken));
    }
}
