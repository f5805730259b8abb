using Dapper;
using Npgsql;

namespace SendGateway.Server.Privacy;

/// <summary>
/// The PostgreSQL side of a tenant's deletion (reliability.md T108, GDPR Art. 28(3)(g)): every row of the tenant in every
/// table, in one transaction; the tenants row last (its foreign keys cascade to keys, domains, credentials, settings,
/// suppressions, bounce counters and webhooks with their outbox, batches and attempts).
/// </summary>
public sealed class TenantDeletionStore(NpgsqlDataSource dataSource)
{
    /// <summary>Tables without a foreign key to tenants, deleted by <c>tenant_id</c> before the tenants row.</summary>
    private static readonly string[] Unlinked = ["events", "messages", "webhook_outbox", "webhook_batches", "webhook_deliveries", "audit_log"];

    /// <summary>The tenant's API key ids (their Redis address lists go too).</summary>
    public async Task<IReadOnlyList<string>> ApiKeyIdsAsync(string tenantId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return [.. await connection.QueryAsync<string>(new CommandDefinition("SELECT id FROM api_keys WHERE tenant_id = @tenantId", new { tenantId }, cancellationToken: cancellationToken))];
    }

    /// <summary>Rows removed per table; null when there was no such tenant (and nothing of it).</summary>
    public async Task<IReadOnlyDictionary<string, long>?> DeleteAsync(string tenantId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var counts = new Dictionary<string, long>();
        foreach (var table in (string[])["api_keys", "domains", "smtp_credentials", "tenant_settings", "suppressions", "recipient_bounces", "webhooks", "templates"])
        {
            counts[table] = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                $"SELECT count(*) FROM {table} WHERE tenant_id = @tenantId", new { tenantId }, transaction, cancellationToken: cancellationToken));
        }

        foreach (var table in Unlinked)
        {
            counts[table] = await connection.ExecuteAsync(new CommandDefinition(
                $"DELETE FROM {table} WHERE tenant_id = @tenantId", new { tenantId }, transaction, cancellationToken: cancellationToken));
        }

        counts["tenants"] = await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM tenants WHERE id = @tenantId", new { tenantId }, transaction, cancellationToken: cancellationToken));
        if (counts["tenants"] == 0 && counts.Values.All(c => c == 0))
        {
            return null;
        }

        await transaction.CommitAsync(cancellationToken);
        return counts;
    }
}
