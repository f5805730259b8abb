using Dapper;
using SendGateway.Server.Storage;

namespace SendGateway.Server.Audit;

/// <summary>
/// The append-only audit log. Appends for one tenant are serialised by an advisory lock so each row's hash is
/// SHA-256(previous hash | at | actor | action | object | ip | purpose) over a well-defined predecessor.
/// </summary>
internal sealed class AuditStore(TenantDataSource tenantData) : IAuditTrail
{
    public async Task AppendAsync(string tenantId, string actor, string action, string? obj, string? ip, string? purpose, CancellationToken cancellationToken)
    {
        await using var connection = await tenantData.OpenConnectionAsync(tenantId, cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            SELECT pg_advisory_xact_lock(hashtext('audit:' || @tenantId));
            INSERT INTO audit_log (tenant_id, at, actor, action, object, ip, purpose, hash)
            SELECT @tenantId, n.at, @actor, @action, @obj, @ip, @purpose,
                   sha256(COALESCE((SELECT hash FROM audit_log WHERE tenant_id = @tenantId ORDER BY id DESC LIMIT 1), ''::bytea)
                          || convert_to(concat_ws('|', to_char(n.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), @actor, @action, @obj, @ip, @purpose), 'UTF8'))
            FROM (SELECT date_trunc('milliseconds', now()) AS at) n
            """, new { tenantId, actor, action, obj, ip, purpose }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<AuditEntry>> ListAsync(string tenantId, long? afterId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await tenantData.OpenConnectionAsync(tenantId, cancellationToken);
        var rows = await connection.QueryAsync<AuditEntry>(new CommandDefinition(
            """
            SELECT id, at, actor, action, object AS target, ip, purpose, encode(hash, 'hex') AS hash FROM audit_log
            WHERE tenant_id = @tenantId AND (@afterId::bigint IS NULL OR id > @afterId) ORDER BY id LIMIT @limit
            """, new { tenantId, afterId, limit }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>
    /// The panel's view: newest first, before <paramref name="beforeId"/>, filtered by actor (exact), action (contains)
    /// and time. Only the filters given go into the statement, so each combination gets a plan on (tenant_id, id).
    /// </summary>
    public async Task<IReadOnlyList<AuditEntry>> SearchAsync(
        string tenantId, string? actor, string? action, DateTimeOffset? since, DateTimeOffset? until, long? beforeId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await tenantData.OpenConnectionAsync(tenantId, cancellationToken);
        var sql = new System.Text.StringBuilder("SELECT id, at, actor, action, object AS target, ip, purpose, encode(hash, 'hex') AS hash FROM audit_log WHERE tenant_id = @tenantId")
            .Append(actor is null ? string.Empty : " AND actor = @actor")
            .Append(action is null ? string.Empty : " AND strpos(action, @action) > 0")
            .Append(since is null ? string.Empty : " AND at >= @since")
            .Append(until is null ? string.Empty : " AND at < @until")
            .Append(beforeId is null ? string.Empty : " AND id < @beforeId")
            .Append(" ORDER BY id DESC LIMIT @limit");
        var rows = await connection.QueryAsync<AuditEntry>(new CommandDefinition(
            sql.ToString(), new { tenantId, actor, action, since = since?.UtcDateTime, until = until?.UtcDateTime, beforeId, limit }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>Recomputes the tenant's chain; the id of the first record whose hash does not follow, or null when intact.</summary>
    public async Task<long?> FirstBrokenAsync(string tenantId, CancellationToken cancellationToken)
    {
        await using var connection = await tenantData.OpenConnectionAsync(tenantId, cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
            """
            SELECT id FROM (
                SELECT id, hash, sha256(COALESCE(lag(hash) OVER (ORDER BY id), ''::bytea)
                    || convert_to(concat_ws('|', to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), actor, action, object, ip, purpose), 'UTF8')) AS expected
                FROM audit_log WHERE tenant_id = @tenantId) c
            WHERE hash <> expected ORDER BY id LIMIT 1
            """, new { tenantId }, cancellationToken: cancellationToken));
    }
}
