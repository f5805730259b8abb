using Dapper;
using Npgsql;
using SendGateway.Server.Storage;

namespace SendGateway.Server.Relay;

/// <summary>SQL for <c>smtp_credentials</c>; tenant-scoped except the login lookup, which is by username.</summary>
internal sealed class SmtpCredentialStore(NpgsqlDataSource dataSource, TenantDataSource tenantData)
{
    public async Task<(SmtpCredential Credential, string Password)> CreateAsync(string tenantId, string name, string? defaultStream, int iterations, CancellationToken cancellationToken)
    {
        var id = Ids.New("smc");
        var username = $"sgs_{Ids.Secret(16)}";
        var password = Ids.Secret(32);
        var (hash, salt) = PasswordHashing.Hash(password, iterations);
        await using var connection = await tenantData.OpenConnectionAsync(tenantId, cancellationToken);
        var credential = await connection.QuerySingleAsync<SmtpCredential>(new CommandDefinition(
            """
            INSERT INTO smtp_credentials (id, tenant_id, name, username, password_hash, salt, iterations, default_stream)
            VALUES (@id, @tenantId, @name, @username, @hash, @salt, @iterations, @defaultStream)
            RETURNING id, name, username, default_stream, created_at, last_used_at
            """, new { id, tenantId, name, username, hash, salt, iterations, defaultStream }, cancellationToken: cancellationToken));
        return (credential, password);
    }

    public async Task<IReadOnlyList<SmtpCredential>> ListAsync(string tenantId, string? afterId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await tenantData.OpenConnectionAsync(tenantId, cancellationToken);
        var rows = await connection.QueryAsync<SmtpCredential>(new CommandDefinition(
            """
            SELECT id, name, username, default_stream, created_at, last_used_at FROM smtp_credentials
            WHERE tenant_id = @tenantId AND (@afterId::text IS NULL OR id > @afterId) ORDER BY id LIMIT @limit
            """, new { tenantId, afterId, limit }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>Sets the credentials' default stream (null: transactional); null when the tenant has no such credentials.</summary>
    public async Task<SmtpCredential?> SetDefaultStreamAsync(string tenantId, string id, string? defaultStream, CancellationToken cancellationToken)
    {
        await using var connection = await tenantData.OpenConnectionAsync(tenantId, cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<SmtpCredential>(new CommandDefinition(
            """
            UPDATE smtp_credentials SET default_stream = @defaultStream WHERE tenant_id = @tenantId AND id = @id
            RETURNING id, name, username, default_stream, created_at, last_used_at
            """, new { tenantId, id, defaultStream }, cancellationToken: cancellationToken));
    }

    public async Task<bool> DeleteAsync(string tenantId, string id, CancellationToken cancellationToken)
    {
        await using var connection = await tenantData.OpenConnectionAsync(tenantId, cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM smtp_credentials WHERE tenant_id = @tenantId AND id = @id", new { tenantId, id }, cancellationToken: cancellationToken)) > 0;
    }

    /// <summary>Records uses by username; a time older than the stored one changes nothing.</summary>
    public async Task MarkUsedAsync(string[] usernames, DateTime[] times, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE smtp_credentials c SET last_used_at = GREATEST(c.last_used_at, u.at)
            FROM unnest(@usernames::text[], @times::timestamptz[]) AS u(username, at) WHERE c.username = u.username
            """, new { usernames, times }, cancellationToken: cancellationToken));
    }

    /// <summary>The tenant's credentials whose username or name is <paramref name="account"/> (the EmailLabs API's <c>smtp_account</c>).</summary>
    public async Task<SmtpCredential?> FindAccountAsync(string tenantId, string account, CancellationToken cancellationToken)
    {
        await using var connection = await tenantData.OpenConnectionAsync(tenantId, cancellationToken);
        return await connection.QueryFirstOrDefaultAsync<SmtpCredential>(new CommandDefinition(
            """
            SELECT id, name, username, default_stream, created_at, last_used_at FROM smtp_credentials
            WHERE tenant_id = @tenantId AND (username = @account OR name = @account) ORDER BY username = @account DESC, id LIMIT 1
            """, new { tenantId, account }, cancellationToken: cancellationToken));
    }

    public async Task<StoredSmtpCredential?> FindByUsernameAsync(string username, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<StoredSmtpCredential>(new CommandDefinition(
            """
            SELECT c.tenant_id, t.suspended, c.password_hash, c.salt, c.iterations, c.default_stream
            FROM smtp_credentials c JOIN tenants t ON t.id = c.tenant_id WHERE c.username = @username
            """, new { username }, cancellationToken: cancellationToken));
    }
}
