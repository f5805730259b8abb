using Dapper;
using SendGateway.Server.PrivacyContract;

namespace SendGateway.Server.Suppressions;

/// <summary>A tenant's deletion: counts its suppressions and bounce counters (the tenants row's foreign key removes them).</summary>
internal sealed class SuppressionTenantDeletionStep : ITenantDeletionStep
{
    public async Task DeleteTenantAsync(TenantDeletionBatch batch, CancellationToken cancellationToken)
    {
        foreach (var table in (string[])["suppressions", "recipient_bounces"])
        {
            batch.Rows[table] = await batch.Connection.ExecuteScalarAsync<long>(new CommandDefinition(
                $"SELECT count(*) FROM {table} WHERE tenant_id = @tenantId", new { tenantId = batch.TenantId }, batch.Transaction, cancellationToken: cancellationToken));
        }
    }
}
