using Dapper;
using Npgsql;
using NpgsqlTypes;
using SendGateway.Server.Storage;

namespace SendGateway.Server.Suppressions;

/// <summary>SQL for <c>suppressions</c>, every statement scoped by tenant. Entries past <c>expires_at</c> count as absent.</summary>
internal sealed class SuppressionStore(NpgsqlDataSource dataSource, TenantDataSource tenantData)
{
    private const string Columns = "email, reason, created_at, expires_at, source_message_id, scope";
    private const string Active = "(expires_at IS NULL OR expires_at > now())";

    public async Task<IReadOnlyList<Suppression>> ListAsync(string tenantId, string? email, string? reason, string? afterEmail, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await tenantData.OpenConnectionAsync(tenantId, cancellationToken);
        var rows = await connection.QueryAsync<Suppression>(new CommandDefinition(
            $"""
            SELECT {Columns} FROM suppressions
            WHERE tenant_id = @tenantId AND {Active}
              AND (@email::text IS NULL OR email = @email) AND (@reason::text IS NULL OR reason = @reason)
              AND (@afterEmail::text IS NULL OR email > @afterEmail)
            ORDER BY email LIMIT @limit
            """, new { tenantId, email, reason, afterEmail, limit }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>The active entry that blocks <paramref name="keys"/> (an address and its domain), address first.</summary>
    public async Task<Suppression?> FindAsync(string tenantId, IEnumerable<string> keys, CancellationToken cancellationToken)
    {
        await using var connection = await tenantData.OpenConnectionAsync(tenantId, cancellationToken);
        return await connection.QueryFirstOrDefaultAsync<Suppression>(new CommandDefinition(
            $"SELECT {Columns} FROM suppressions WHERE tenant_id = @tenantId AND email = ANY (@keys) AND {Active} ORDER BY left(email, 1) = '@', email",
            new { tenantId, keys = keys.ToArray() }, cancellationToken: cancellationToken));
    }

    /// <summary>Tenants with active entries and how many, for re-syncing <see cref="SuppressionCache"/>.</summary>
    public async Task<IReadOnlyList<(string TenantId, long Count)>> CountsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string, long)>(new CommandDefinition(
            $"SELECT tenant_id, count(*) FROM suppressions WHERE {Active} GROUP BY tenant_id", cancellationToken: cancellationToken));
        return rows.AsList();
    }

    public async Task<IReadOnlyList<Suppression>> AddAsync(string tenantId, IReadOnlyList<(string Email, string Reason, DateTimeOffset? ExpiresAt)> entries, CancellationToken cancellationToken)
    {
        await using var connection = await tenantData.OpenConnectionAsync(tenantId, cancellationToken);
        var rows = await connection.QueryAsync<Suppression>(new CommandDefinition(
            $"""
            INSERT INTO suppressions (tenant_id, email, reason, expires_at)
            SELECT DISTINCT ON (e) @tenantId, e, r, x FROM unnest(@emails, @reasons, @expires) AS t (e, r, x)
            ON CONFLICT (tenant_id, email) DO UPDATE SET reason = excluded.reason, expires_at = excluded.expires_at, created_at = now(), scope = NULL
            RETURNING {Columns}
            """,
            new
            {
                tenantId, emails = entries.Select(e => e.Email).ToArray(), reasons = entries.Select(e => e.Reason).ToArray(),
                expires = entries.Select(e => e.ExpiresAt?.UtcDateTime).ToArray(),
            }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    public async Task<bool> DeleteAsync(string tenantId, string email, CancellationToken cancellationToken)
    {
        await using var connection = await tenantData.OpenConnectionAsync(tenantId, cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM suppressions WHERE tenant_id = @tenantId AND email = @email", new { tenantId, email }, cancellationToken: cancellationToken)) > 0;
    }

    /// <summary>Bulk load for CSV import: binary COPY into a staging table, then one upsert; all or nothing.</summary>
    public async Task<int> ImportAsync(string tenantId, IReadOnlyList<(string Email, string Reason, DateTimeOffset? ExpiresAt)> entries, CancellationToken cancellationToken)
    {
        await using var connection = await tenantData.OpenConnectionAsync(tenantId, cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "CREATE TEMP TABLE sup_stage (email text, reason text, expires_at timestamptz, line integer) ON COMMIT DROP", transaction: transaction, cancellationToken: cancellationToken));
        await using (var writer = await connection.BeginBinaryImportAsync("COPY sup_stage FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            var line = 0;
            foreach (var (email, reason, expiresAt) in entries)
            {
                await writer.StartRowAsync(cancellationToken);
                await writer.WriteAsync(email, NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(reason, NpgsqlDbType.Text, cancellationToken);
                if (expiresAt is { } at)
                {
                    await writer.WriteAsync(at.UtcDateTime, NpgsqlDbType.TimestampTz, cancellationToken);
                }
                else
                {
                    await writer.WriteNullAsync(cancellationToken);
                }

                await writer.WriteAsync(line++, NpgsqlDbType.Integer, cancellationToken);
            }

            await writer.CompleteAsync(cancellationToken);
        }

        // The last line for an address wins, as if the lines had been added one by one.
        var count = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO suppressions (tenant_id, email, reason, expires_at)
            SELECT DISTINCT ON (email) @tenantId, email, reason, expires_at FROM sup_stage ORDER BY email, line DESC
            ON CONFLICT (tenant_id, email) DO UPDATE SET reason = excluded.reason, expires_at = excluded.expires_at, created_at = now(), scope = NULL
            """, new { tenantId }, transaction: transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return count;
    }

    /// <summary>Streams every active entry in key order, for the CSV export.</summary>
    public async IAsyncEnumerable<Suppression> ExportAsync(string tenantId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await tenantData.OpenConnectionAsync(tenantId, cancellationToken);
        await using var command = new NpgsqlCommand(
            $"SELECT {Columns} FROM suppressions WHERE tenant_id = @tenantId AND {Active} ORDER BY email", connection);
        command.Parameters.AddWithValue("tenantId", tenantId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return new Suppression
            {
                Email = reader.GetString(0), Reason = reader.GetString(1), CreatedAt = reader.GetDateTime(2),
                ExpiresAt = reader.IsDBNull(3) ? null : reader.GetDateTime(3), SourceMessageId = reader.IsDBNull(4) ? null : reader.GetString(4),
                Scope = reader.IsDBNull(5) ? null : reader.GetString(5),
            };
        }
    }

    /// <summary>The recipient's hard bounce counter; null when none is kept.</summary>
    public async Task<int?> HardBouncesAsync(string tenantId, string email, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<int?>(new CommandDefinition(
            "SELECT hard_bounces FROM recipient_bounces WHERE tenant_id = @tenantId AND email = @email", new { tenantId, email }, cancellationToken: cancellationToken));
    }
}
