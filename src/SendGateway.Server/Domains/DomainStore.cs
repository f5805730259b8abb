using System.Security.Cryptography;
using System.Text;
using Dapper;
using Npgsql;
using SendGateway.Server.Common;

namespace SendGateway.Server.Domains;

/// <summary>SQL for <c>domains</c>. Every query is scoped by tenant id. DKIM private keys are sealed with <see cref="SecretBox"/>.</summary>
public sealed class DomainStore(NpgsqlDataSource dataSource, SecretBox secrets, TimeProvider time)
{
    private const string Purpose = "dkim-private-key";

    /// <summary>Creates the domain with a fresh RSA-2048 key; null when the tenant already has it.</summary>
    public async Task<SenderDomain?> CreateAsync(string tenantId, string name, bool verified, CancellationToken cancellationToken)
    {
        using var rsa = RSA.Create(2048);
        var privatePem = rsa.ExportRSAPrivateKeyPem();
        var publicKey = Convert.ToBase64String(rsa.ExportSubjectPublicKeyInfo());
        var selector = $"sg{time.GetUtcNow():yyyyMM}";
        var sealedKey = secrets.Seal(Encoding.UTF8.GetBytes(privatePem), Purpose);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<SenderDomain>(new CommandDefinition(
            """
            INSERT INTO domains (tenant_id, name, dkim_selector, dkim_private_key, dkim_public_key, verified)
            VALUES (@tenantId, @name, @selector, @sealedKey, @publicKey, @verified)
            ON CONFLICT (tenant_id, name) DO NOTHING
            RETURNING tenant_id, name, dkim_selector, dkim_public_key, verified, tracking_verified, created_at
            """, new { tenantId, name, selector, sealedKey, publicKey, verified }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<SenderDomain>> ListAsync(string tenantId, string? afterName, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<SenderDomain>(new CommandDefinition(
            """
            SELECT tenant_id, name, dkim_selector, dkim_public_key, verified, tracking_verified, created_at FROM domains
            WHERE tenant_id = @tenantId AND (@afterName::text IS NULL OR name > @afterName) ORDER BY name LIMIT @limit
            """, new { tenantId, afterName, limit }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    public async Task<SenderDomain?> GetAsync(string tenantId, string name, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<SenderDomain>(new CommandDefinition(
            "SELECT tenant_id, name, dkim_selector, dkim_public_key, verified, tracking_verified, created_at FROM domains WHERE tenant_id = @tenantId AND name = @name",
            new { tenantId, name }, cancellationToken: cancellationToken));
    }

    public async Task<bool> DeleteAsync(string tenantId, string name, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM domains WHERE tenant_id = @tenantId AND name = @name", new { tenantId, name }, cancellationToken: cancellationToken)) > 0;
    }

    public async Task<DkimKey?> GetSigningKeyAsync(string tenantId, string name, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(string Selector, byte[] Key)>(new CommandDefinition(
            "SELECT dkim_selector, dkim_private_key FROM domains WHERE tenant_id = @tenantId AND name = @name",
            new { tenantId, name }, cancellationToken: cancellationToken));
        return row.Key is null ? null : new DkimKey(name, row.Selector, Encoding.UTF8.GetString(secrets.Open(row.Key, Purpose)));
    }

    public async Task SetVerifiedAsync(string tenantId, string name, bool verified, bool trackingVerified, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE domains SET verified = @verified, tracking_verified = @trackingVerified WHERE tenant_id = @tenantId AND name = @name",
            new { tenantId, name, verified, trackingVerified }, cancellationToken: cancellationToken));
    }

    /// <summary>Every domain whose tracking host is verified, of every tenant (for <see cref="TrackingHosts"/>).</summary>
    public async Task<IReadOnlyList<(string TenantId, string Name)>> TrackingDomainsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string TenantId, string Name)>(new CommandDefinition(
            "SELECT tenant_id, name FROM domains WHERE tracking_verified", cancellationToken: cancellationToken));
        return rows.AsList();
    }
}
