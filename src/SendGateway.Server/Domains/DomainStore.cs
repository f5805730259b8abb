using System.Security.Cryptography;
using System.Text;
using Dapper;
using Npgsql;
using SendGateway.Server.Storage;

namespace SendGateway.Server.Domains;

/// <summary>
/// SQL for <c>domains</c>. Every query is scoped by tenant id, but for the re-check's and expiry's sweeps and the
/// question whether another tenant holds a name. DKIM private keys are sealed with <see cref="SecretBox"/>. A name is
/// verified for at most one tenant (the unique index <c>domains_verified_name</c>).
/// </summary>
internal sealed class DomainStore(NpgsqlDataSource dataSource, TenantDataSource tenantData, SecretBox secrets, TimeProvider time)
{
    private const string Purpose = "dkim-private-key";

    internal const string Columns =
        "tenant_id, name, dkim_selector, dkim_public_key, verified, tracking_verified, created_at, verified_by, verified_at, unverified_at, missing_checks";

    /// <summary>Creates the domain, unverified, with a fresh RSA-2048 key; null when the tenant already has it.</summary>
    public async Task<SenderDomain?> CreateAsync(string tenantId, string name, CancellationToken cancellationToken)
    {
        using var rsa = RSA.Create(2048);
        var privatePem = rsa.ExportRSAPrivateKeyPem();
        var publicKey = Convert.ToBase64String(rsa.ExportSubjectPublicKeyInfo());
        var selector = $"sg{time.GetUtcNow():yyyyMM}";
        var sealedKey = secrets.Seal(Encoding.UTF8.GetBytes(privatePem), Purpose);
        await using var connection = await tenantData.OpenConnectionAsync(tenantId, cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<SenderDomain>(new CommandDefinition(
            $"""
            INSERT INTO domains (tenant_id, name, dkim_selector, dkim_private_key, dkim_public_key, claimed_at)
            VALUES (@tenantId, @name, @selector, @sealedKey, @publicKey, @now)
            ON CONFLICT (tenant_id, name) DO NOTHING
            RETURNING {Columns}
            """, new { tenantId, name, selector, sealedKey, publicKey, now = time.GetUtcNow() }, cancellationToken: cancellationToken));
    }

    /// <summary>Whether a tenant other than <paramref name="tenantId"/> has the name verified.</summary>
    public async Task<bool> IsHeldElsewhereAsync(string tenantId, string name, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM domains WHERE name = @name AND verified AND tenant_id <> @tenantId)",
            new { tenantId, name }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<SenderDomain>> ListAsync(string tenantId, string? afterName, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await tenantData.OpenConnectionAsync(tenantId, cancellationToken);
        var rows = await connection.QueryAsync<SenderDomain>(new CommandDefinition(
            $"""
            SELECT {Columns} FROM domains
            WHERE tenant_id = @tenantId AND (@afterName::text IS NULL OR name > @afterName) ORDER BY name LIMIT @limit
            """, new { tenantId, afterName, limit }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    public async Task<SenderDomain?> GetAsync(string tenantId, string name, CancellationToken cancellationToken)
    {
        await using var connection = await tenantData.OpenConnectionAsync(tenantId, cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<SenderDomain>(new CommandDefinition(
            $"SELECT {Columns} FROM domains WHERE tenant_id = @tenantId AND name = @name",
            new { tenantId, name }, cancellationToken: cancellationToken));
    }

    public async Task<bool> DeleteAsync(string tenantId, string name, CancellationToken cancellationToken)
    {
        await using var connection = await tenantData.OpenConnectionAsync(tenantId, cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM domains WHERE tenant_id = @tenantId AND name = @name", new { tenantId, name }, cancellationToken: cancellationToken)) > 0;
    }

    public async Task<DkimKey?> GetSigningKeyAsync(string tenantId, string name, CancellationToken cancellationToken)
    {
        await using var connection = await tenantData.OpenConnectionAsync(tenantId, cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(string Selector, byte[] Key)>(new CommandDefinition(
            "SELECT dkim_selector, dkim_private_key FROM domains WHERE tenant_id = @tenantId AND name = @name",
            new { tenantId, name }, cancellationToken: cancellationToken));
        return row.Key is null ? null : new DkimKey(name, row.Selector, Encoding.UTF8.GetString(secrets.Open(row.Key, Purpose)));
    }

    /// <summary>
    /// Marks the domain verified (<paramref name="by"/> <c>dns</c> or <c>operator</c>); false when another tenant holds
    /// the name verified, which the unique index decides even between two verifies at the same moment.
    /// </summary>
    public async Task<bool> MarkVerifiedAsync(string tenantId, string name, string by, bool trackingVerified, CancellationToken cancellationToken)
    {
        await using var connection = await tenantData.OpenConnectionAsync(tenantId, cancellationToken);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE domains SET verified = true, tracking_verified = @trackingVerified, verified_by = @by, verified_at = @now, checked_at = @now,
                    missing_checks = 0, unverified_at = NULL
                WHERE tenant_id = @tenantId AND name = @name
                """, new { tenantId, name, by, trackingVerified, now = time.GetUtcNow() }, cancellationToken: cancellationToken));
            return true;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return false;
        }
    }

    /// <summary>A verify that did not find the DKIM record: the domain stops sending (an operator's override stays).</summary>
    public async Task MarkNotVerifiedAsync(string tenantId, string name, CancellationToken cancellationToken)
    {
        await using var connection = await tenantData.OpenConnectionAsync(tenantId, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE domains SET verified = false, tracking_verified = false, verified_by = NULL
            WHERE tenant_id = @tenantId AND name = @name AND verified_by IS DISTINCT FROM 'operator'
            """, new { tenantId, name }, cancellationToken: cancellationToken));
    }

    /// <summary>Every domain whose tracking host is verified, of every tenant (for <see cref="TrackingHosts"/>).</summary>
    public async Task<IReadOnlyList<(string TenantId, string Name)>> TrackingDomainsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string TenantId, string Name)>(new CommandDefinition(
            "SELECT tenant_id, name FROM domains WHERE tracking_verified", cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>Removes claims never verified and older than <paramref name="cutoff"/>; how many.</summary>
    public async Task<int> ExpirePendingAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM domains WHERE NOT verified AND verified_at IS NULL AND claimed_at < @cutoff", new { cutoff }, cancellationToken: cancellationToken));
    }
}
