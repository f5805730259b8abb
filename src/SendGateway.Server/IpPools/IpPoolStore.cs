using System.Text.Json;
using Dapper;
using Npgsql;

namespace SendGateway.Server.IpPools;

/// <summary>SQL for <c>ip_pools</c> (operator data, not tenant-scoped).</summary>
internal sealed class IpPoolStore(NpgsqlDataSource dataSource) : Tenants.IIpPoolNames
{
    private sealed record Row(string Name, string Sources, DateTime CreatedAt, DateTime UpdatedAt)
    {
        public IpPool ToPool() => new(Name, JsonSerializer.Deserialize<List<IpSource>>(Sources, IpPoolJson.Options) ?? [], CreatedAt, UpdatedAt);
    }

    private const string Columns = "name, sources::text AS sources, created_at, updated_at";

    public async Task<IpPool?> CreateAsync(string name, IReadOnlyList<IpSource> sources, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"INSERT INTO ip_pools (name, sources) VALUES (@name, @sources::jsonb) ON CONFLICT DO NOTHING RETURNING {Columns}",
            new { name, sources = JsonSerializer.Serialize(sources, IpPoolJson.Options) }, cancellationToken: cancellationToken));
        return row?.ToPool();
    }

    public async Task<IReadOnlyList<IpPool>> ListAsync(string? afterName, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM ip_pools WHERE (@afterName::text IS NULL OR name > @afterName) ORDER BY name LIMIT @limit",
            new { afterName, limit }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToPool()).ToList();
    }

    public async Task<bool> ExistsAsync(string name, CancellationToken cancellationToken) => await GetAsync(name, cancellationToken) is not null;

    public async Task<IpPool?> GetAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM ip_pools WHERE name = @name", new { name }, cancellationToken: cancellationToken));
        return row?.ToPool();
    }

    public async Task<IpPool?> UpdateAsync(string name, IReadOnlyList<IpSource> sources, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"UPDATE ip_pools SET sources = @sources::jsonb, updated_at = now() WHERE name = @name RETURNING {Columns}",
            new { name, sources = JsonSerializer.Serialize(sources, IpPoolJson.Options) }, cancellationToken: cancellationToken));
        return row?.ToPool();
    }

    /// <summary>False when absent; throws <see cref="PostgresException"/> (foreign key) while a tenant has it as default.</summary>
    public async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var changed = await Tenants.TenantStore.RemoveAllowedIpPoolAsync(name, transaction, cancellationToken);
        changed += await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM ip_pools WHERE name = @name", new { name }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return changed > 0;
    }
}
