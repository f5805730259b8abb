using Npgsql;
using SendGateway.Server.PrivacyContract;

namespace SendGateway.Server.Privacy;

/// <summary>
/// The PostgreSQL side of a tenant's deletion (reliability.md T108, GDPR Art. 28(3)(g)): every folder's
/// <see cref="ITenantDeletionStep"/> in <see cref="PrivacySteps"/> order, in one transaction; the tenants row goes last
/// (its foreign keys cascade to keys, domains, credentials, settings, suppressions, bounce counters and webhooks with
/// their outbox, batches and attempts).
/// </summary>
internal sealed class TenantDeletionSteps(NpgsqlDataSource dataSource, IEnumerable<ITenantDeletionStep> steps)
{
    private readonly ITenantDeletionStep[] _steps = PrivacySteps.Arrange(steps, PrivacyParts.TenantDeletion);

    /// <summary>Rows removed per table; null when there was no such tenant (and nothing of it).</summary>
    public async Task<IReadOnlyDictionary<string, long>?> DeleteAsync(string tenantId, CancellationToken cancellationToken)
    {
        var batch = await StepTransaction.RunAsync(
            dataSource, _steps, (connection, transaction) => new TenantDeletionBatch(tenantId, connection, transaction), (step, b, ct) => step.DeleteTenantAsync(b, ct),
            b => b.Rows.Values.Any(c => c != 0), cancellationToken);
        return batch.Rows.Values.Any(c => c != 0) ? batch.Rows : null;
    }
}
