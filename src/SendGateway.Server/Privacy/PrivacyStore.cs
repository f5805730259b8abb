using Dapper;
using Npgsql;
using SendGateway.Server.Suppressions;

namespace SendGateway.Server.Privacy;

/// <summary>The PostgreSQL side of erasure and export, every statement scoped by tenant.</summary>
public sealed class PrivacyStore(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Deletes the recipients' messages, events (and their webhook outbox rows), webhook batches whose payload names them
    /// and bounce counters; their suppression rows are replaced by keyed-hash rows, and an address that was not
    /// suppressed becomes so (reason <c>manual</c>), so the person stays unmailable. One transaction.
    /// </summary>
    public async Task<(long Messages, long Events, long Batches, long Bounces, long Hashed)> EraseAsync(
        string tenantId, IReadOnlyList<(string Email, string Hash)> people, CancellationToken cancellationToken)
    {
        var emails = people.Select(p => p.Email).ToArray();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var counts = await connection.QuerySingleAsync<(long, long, long, long)>(new CommandDefinition(
            """
            WITH gone_events AS (
                DELETE FROM events WHERE tenant_id = @tenantId AND (lower(recipient) = ANY (@emails) OR recipient_hash = ANY (@hashes)) RETURNING id),
            gone_outbox AS (
                DELETE FROM webhook_outbox o USING gone_events g WHERE o.tenant_id = @tenantId AND o.event_id = g.id RETURNING 1),
            gone_messages AS (
                DELETE FROM messages WHERE tenant_id = @tenantId AND (lower(recipient) = ANY (@emails) OR recipient_hash = ANY (@hashes)) RETURNING 1),
            gone_batches AS (
                DELETE FROM webhook_batches WHERE tenant_id = @tenantId
                  AND EXISTS (SELECT 1 FROM unnest(@patterns) AS e (pattern) WHERE position(e.pattern IN lower(payload)) > 0) RETURNING 1),
            gone_bounces AS (
                DELETE FROM recipient_bounces WHERE tenant_id = @tenantId AND email = ANY (@emails) RETURNING 1)
            SELECT (SELECT count(*) FROM gone_messages), (SELECT count(*) FROM gone_events), (SELECT count(*) FROM gone_batches), (SELECT count(*) FROM gone_bounces)
            """, new { tenantId, emails, hashes = people.Select(p => p.Hash).ToArray(), patterns = SearchPatterns(emails) }, transaction, cancellationToken: cancellationToken));
        var hashed = await connection.ExecuteAsync(new CommandDefinition(
            """
            WITH gone AS (
                DELETE FROM suppressions WHERE tenant_id = @tenantId AND email = ANY (@emails) RETURNING email, reason, expires_at)
            INSERT INTO suppressions (tenant_id, email, reason, expires_at)
            SELECT @tenantId, p.hash, COALESCE(g.reason, 'manual'), g.expires_at
            FROM unnest(@emails, @hashes) AS p (email, hash) LEFT JOIN gone g ON g.email = p.email
            ON CONFLICT (tenant_id, email) DO NOTHING
            """, new { tenantId, emails, hashes = people.Select(p => p.Hash).ToArray() }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        var (messages, events, batches, bounces) = counts;
        return (messages, events, batches, bounces, hashed);
    }

    /// <summary>An address as it appears in stored JSON: as is, and as the serializer escapes it (<c>+</c> is <c>\u002B</c>).</summary>
    private static string[] SearchPatterns(string[] emails) =>
        emails.Concat(emails.Select(e => System.Text.Json.JsonEncodedText.Encode(e).ToString().ToLowerInvariant())).Distinct().ToArray();

    /// <summary>Ids of the recipient's messages (newest first, at most <paramref name="limit"/>).</summary>
    public async Task<IReadOnlyList<string>> MessageIdsAsync(string tenantId, string email, string hash, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var ids = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT id FROM messages WHERE tenant_id = @tenantId AND (lower(recipient) = @email OR recipient_hash = @hash) ORDER BY accepted_at DESC LIMIT @limit",
            new { tenantId, email, hash, limit }, cancellationToken: cancellationToken));
        return ids.AsList();
    }

    public async Task<int?> HardBouncesAsync(string tenantId, string email, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<int?>(new CommandDefinition(
            "SELECT hard_bounces FROM recipient_bounces WHERE tenant_id = @tenantId AND email = @email", new { tenantId, email }, cancellationToken: cancellationToken));
    }
}
