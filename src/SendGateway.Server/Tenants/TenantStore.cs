using Dapper;
using Npgsql;
using SendGateway.Server.Storage;

namespace SendGateway.Server.Tenants;

/// <summary>SQL for <c>tenants</c> and <c>api_keys</c>.</summary>
internal sealed class TenantStore(NpgsqlDataSource dataSource, TenantDataSource tenantData)
{
    /// <summary>The columns of a <see cref="Tenant"/>.</summary>
    public const string Columns = """
        id, name, suspended, created_at, hourly_quota, daily_quota, default_ip_pool, allowed_ip_pools, paused_at, paused_reason,
        reputation_warning, reputation_warned_at, warn_complaint_rate, pause_complaint_rate, warn_hard_bounce_rate, pause_hard_bounce_rate
        """;

    /// <summary>A tenant and its first key, with all scopes and the role ceiling <paramref name="keyRole"/> (owner unless the operator names another).</summary>
    public async Task<(Tenant Tenant, string ApiKey)> CreateAsync(string name, string keyRole, string createdBy, CancellationToken cancellationToken)
    {
        var id = Common.Ids.New("ten");
        var (keyId, key, hash) = ApiKeys.Generate();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var tenant = await connection.QuerySingleAsync<Tenant>(new CommandDefinition(
            "INSERT INTO tenants (id, name) VALUES (@id, @name) RETURNING id, name, suspended, created_at",
            new { id, name }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO api_keys (id, tenant_id, name, secret_hash, scopes, role, created_by) VALUES (@keyId, @id, 'default', @hash, @scopes, @keyRole, @createdBy)",
            new { keyId, id, hash, scopes = Scopes.All, keyRole, createdBy }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return (tenant, key);
    }

    /// <summary>Adds a key with the given scopes to an existing tenant (used by the demo seeder: role owner, made by <c>demo</c>).</summary>
    public async Task<string> CreateApiKeyAsync(string tenantId, string name, string[] scopes, CancellationToken cancellationToken)
    {
        var (keyId, key, hash) = ApiKeys.Generate();
        await using var connection = await tenantData.OpenConnectionAsync(tenantId, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO api_keys (id, tenant_id, name, secret_hash, scopes, role, created_by) VALUES (@keyId, @tenantId, @name, @hash, @scopes, @role, @createdBy)",
            new { keyId, tenantId, name, hash, scopes, role = TenantRoles.Owner, createdBy = ApiKeyMaker.Demo }, cancellationToken: cancellationToken));
        return key;
    }

    public async Task<IReadOnlyList<Tenant>> ListAsync(string? afterId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<Tenant>(new CommandDefinition(
            $"SELECT {Columns} FROM tenants WHERE (@afterId::text IS NULL OR id > @afterId) ORDER BY id LIMIT @limit",
            new { afterId, limit }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    public async Task<Tenant?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Tenant>(new CommandDefinition(
            $"SELECT {Columns} FROM tenants WHERE id = @id", new { id }, cancellationToken: cancellationToken));
    }

    public async Task<Tenant?> FindByNameAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QueryFirstOrDefaultAsync<Tenant>(new CommandDefinition(
            "SELECT id, name, suspended, created_at FROM tenants WHERE name = @name ORDER BY created_at LIMIT 1", new { name }, cancellationToken: cancellationToken));
    }

    public async Task<StoredApiKey?> FindApiKeyAsync(string keyId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<StoredApiKey>(new CommandDefinition(
            """
            SELECT k.id, k.tenant_id, k.secret_hash, k.scopes, t.suspended, k.allowed_ips, k.role
            FROM api_keys k JOIN tenants t ON t.id = k.tenant_id
            WHERE k.id = @keyId AND k.revoked_at IS NULL
            """, new { keyId }, cancellationToken: cancellationToken));
    }

    public async Task<(ApiKeyView View, string Key)> CreateApiKeyAsync(
        string tenantId, string name, string[] scopes, string[] allowedIps, string role, string createdBy, CancellationToken cancellationToken)
    {
        var (keyId, key, hash) = ApiKeys.Generate();
        await using var connection = await tenantData.OpenConnectionAsync(tenantId, cancellationToken);
        var view = await connection.QuerySingleAsync<ApiKeyView>(new CommandDefinition(
            """
            INSERT INTO api_keys (id, tenant_id, name, secret_hash, scopes, allowed_ips, role, created_by)
            VALUES (@keyId, @tenantId, @name, @hash, @scopes, @allowedIps, @role, @createdBy)
            RETURNING id, name, scopes, allowed_ips, role, created_by, created_at
            """, new { keyId, tenantId, name, hash, scopes, allowedIps, role, createdBy }, cancellationToken: cancellationToken));
        return (view, key);
    }

    /// <summary>Records uses of keys; a time older than the stored one changes nothing.</summary>
    public async Task MarkApiKeysUsedAsync(string[] ids, DateTime[] times, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE api_keys k SET last_used_at = GREATEST(k.last_used_at, u.at)
            FROM unnest(@ids::text[], @times::timestamptz[]) AS u(id, at) WHERE k.id = u.id
            """, new { ids, times }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<ApiKeyView>> ListApiKeysAsync(string tenantId, string? afterId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await tenantData.OpenConnectionAsync(tenantId, cancellationToken);
        var rows = await connection.QueryAsync<ApiKeyView>(new CommandDefinition(
            """
            SELECT id, name, scopes, allowed_ips, role, created_by, created_at, last_used_at FROM api_keys
            WHERE tenant_id = @tenantId AND revoked_at IS NULL AND (@afterId::text IS NULL OR id > @afterId) ORDER BY id LIMIT @limit
            """, new { tenantId, afterId, limit }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    public async Task<bool> RevokeApiKeyAsync(string tenantId, string id, CancellationToken cancellationToken)
    {
        await using var connection = await tenantData.OpenConnectionAsync(tenantId, cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE api_keys SET revoked_at = now() WHERE tenant_id = @tenantId AND id = @id AND revoked_at IS NULL",
            new { tenantId, id }, cancellationToken: cancellationToken)) > 0;
    }

    /// <summary>Operator changes: suspension and quotas (a quota of 0 or less clears it).</summary>
    public async Task<Tenant?> UpdateAsync(
        string id, bool? suspended, int? hourlyQuota, int? dailyQuota, string? defaultIpPool, string[]? allowedIpPools, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Tenant>(new CommandDefinition(
            $"""
            UPDATE tenants SET
                suspended = COALESCE(@suspended, suspended),
                hourly_quota = CASE WHEN @hourlyQuota::integer IS NULL THEN hourly_quota WHEN @hourlyQuota <= 0 THEN NULL ELSE @hourlyQuota END,
                daily_quota = CASE WHEN @dailyQuota::integer IS NULL THEN daily_quota WHEN @dailyQuota <= 0 THEN NULL ELSE @dailyQuota END,
                default_ip_pool = CASE WHEN @defaultIpPool::text IS NULL THEN default_ip_pool WHEN @defaultIpPool = '' THEN NULL ELSE @defaultIpPool END,
                allowed_ip_pools = COALESCE(@allowedIpPools, allowed_ip_pools)
            WHERE id = @id
            RETURNING {Columns}
            """, new { id, suspended, hourlyQuota, dailyQuota, defaultIpPool, allowedIpPools }, cancellationToken: cancellationToken));
    }

    /// <summary>Every tenant's id (the privacy job visits each).</summary>
    public async Task<IReadOnlyList<string>> IdsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return [.. await connection.QueryAsync<string>(new CommandDefinition("SELECT id FROM tenants", cancellationToken: cancellationToken))];
    }

    /// <summary>The tenant's API key ids, revoked ones too (a tenant's deletion removes their Redis address lists).</summary>
    public async Task<IReadOnlyList<string>> ApiKeyIdsAsync(string tenantId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return [.. await connection.QueryAsync<string>(new CommandDefinition("SELECT id FROM api_keys WHERE tenant_id = @tenantId", new { tenantId }, cancellationToken: cancellationToken))];
    }

    /// <summary>Takes an IP pool out of every tenant's allowed pools, in the caller's transaction (the pool is being deleted); the tenants changed.</summary>
    public static Task<int> RemoveAllowedIpPoolAsync(string name, NpgsqlTransaction transaction, CancellationToken cancellationToken) =>
        transaction.Connection!.ExecuteAsync(new CommandDefinition(
            "UPDATE tenants SET allowed_ip_pools = array_remove(allowed_ip_pools, @name) WHERE @name = ANY (allowed_ip_pools)",
            new { name }, transaction, cancellationToken: cancellationToken));
}
