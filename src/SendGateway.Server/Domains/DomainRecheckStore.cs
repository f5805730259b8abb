using Dapper;
using Npgsql;
using SendGateway.Server.Webhooks;

namespace SendGateway.Server.Domains;

/// <summary>
/// The re-check's SQL. A sweep claims the domains due by moving their <c>checked_at</c> to now in the same statement
/// (<c>FOR UPDATE SKIP LOCKED</c>), so two nodes sweeping at once never check the same domain.
/// </summary>
internal sealed class DomainRecheckStore(NpgsqlDataSource dataSource, TimeProvider time)
{
    /// <summary>Verified-from-DNS domains not checked since <paramref name="dueBefore"/>, claimed for this sweep.</summary>
    public async Task<IReadOnlyList<SenderDomain>> ClaimDueAsync(DateTimeOffset dueBefore, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<SenderDomain>(new CommandDefinition(
            $"""
            UPDATE domains SET checked_at = @now
            WHERE (tenant_id, name) IN (
                SELECT tenant_id, name FROM domains WHERE verified AND verified_by = 'dns' AND (checked_at IS NULL OR checked_at <= @dueBefore)
                ORDER BY checked_at NULLS FIRST LIMIT @limit FOR UPDATE SKIP LOCKED)
            RETURNING {DomainStore.Columns}
            """, new { dueBefore, limit, now = time.GetUtcNow() }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>The record was found: the count of missing checks starts again.</summary>
    public async Task FoundAsync(string tenantId, string name, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE domains SET missing_checks = 0 WHERE tenant_id = @tenantId AND name = @name AND missing_checks <> 0",
            new { tenantId, name }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// The record was missing once more; at <paramref name="toStop"/> in a row the domain stops sending, and in the same
    /// transaction its tenant's endpoints subscribed to <c>domain.unverified</c> get <paramref name="payload"/>. True
    /// when this call stopped it.
    /// </summary>
    public async Task<bool> MissingAsync(string tenantId, string name, int toStop, string payload, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var stopped = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            """
            UPDATE domains SET missing_checks = missing_checks + 1,
                verified = CASE WHEN missing_checks + 1 >= @toStop THEN false ELSE verified END,
                tracking_verified = CASE WHEN missing_checks + 1 >= @toStop THEN false ELSE tracking_verified END,
                verified_by = CASE WHEN missing_checks + 1 >= @toStop THEN NULL ELSE verified_by END,
                unverified_at = CASE WHEN missing_checks + 1 >= @toStop THEN @now ELSE unverified_at END
            WHERE tenant_id = @tenantId AND name = @name AND verified AND verified_by = 'dns'
            RETURNING NOT verified
            """, new { tenantId, name, toStop, now = time.GetUtcNow() }, transaction, cancellationToken: cancellationToken));
        if (stopped)
        {
            await TenantEventBatches.AddAsync(connection, transaction, tenantId, WebhookEventTypes.DomainUnverified, payload, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return stopped;
    }
}
