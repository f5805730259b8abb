using Dapper;
using Npgsql;

namespace SendGateway.Server.Delivery.TlsPolicy.MtaSts;

/// <summary>
/// SQL for <c>mta_sts_policies</c>: the policies every node shares and finds again after a restart (recipient domains,
/// not tenant data).
/// </summary>
internal sealed class MtaStsStore(NpgsqlDataSource dataSource)
{
    private const string Columns = "domain, id, mode, mx, max_age, text, fetched_at, expires_at, last_error, last_error_at";

    public async Task<StoredMtaStsPolicy?> GetAsync(string domain, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<StoredMtaStsPolicy>(new CommandDefinition(
            $"SELECT {Columns} FROM mta_sts_policies WHERE domain = @domain", new { domain }, cancellationToken: cancellationToken));
    }

    /// <summary>Rows in domain order after <paramref name="afterDomain"/>; only <paramref name="domain"/> when given.</summary>
    public async Task<IReadOnlyList<StoredMtaStsPolicy>> ListAsync(string? domain, string? afterDomain, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<StoredMtaStsPolicy>(new CommandDefinition(
            $"""
            SELECT {Columns} FROM mta_sts_policies
            WHERE (@domain::text IS NULL OR domain = @domain) AND (@afterDomain::text IS NULL OR domain > @afterDomain)
            ORDER BY domain LIMIT @limit
            """,
            new { domain, afterDomain, limit }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>Stores a just-fetched policy and clears the domain's last error.</summary>
    public async Task SaveAsync(string domain, MtaStsPolicy policy, DateTime fetchedAt, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO mta_sts_policies (domain, id, mode, mx, max_age, text, fetched_at, expires_at)
            VALUES (@domain, @id, @mode, @mx, @maxAge, @text, @fetchedAt, @expiresAt)
            ON CONFLICT (domain) DO UPDATE SET id = excluded.id, mode = excluded.mode, mx = excluded.mx, max_age = excluded.max_age,
                text = excluded.text, fetched_at = excluded.fetched_at, expires_at = excluded.expires_at, last_error = NULL, last_error_at = NULL
            """,
            new
            {
                domain, id = policy.Id, mode = StoredMtaStsPolicy.ModeName(policy.Mode), mx = policy.Mx.ToArray(),
                maxAge = (long)policy.MaxAge.TotalSeconds, text = policy.Text, fetchedAt, expiresAt = fetchedAt + policy.MaxAge,
            },
            cancellationToken: cancellationToken));
    }

    /// <summary>Records a failed fetch or an invalid policy; a stored policy stays as it is.</summary>
    public async Task SaveErrorAsync(string domain, string error, DateTime at, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO mta_sts_policies (domain, last_error, last_error_at) VALUES (@domain, @error, @at)
            ON CONFLICT (domain) DO UPDATE SET last_error = excluded.last_error, last_error_at = excluded.last_error_at
            """,
            new { domain, error, at }, cancellationToken: cancellationToken));
    }
}
