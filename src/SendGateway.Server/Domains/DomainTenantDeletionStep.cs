using Dapper;
using SendGateway.Server.PrivacyContract;

namespace SendGateway.Server.Domains;

/// <summary>A tenant's deletion: counts its sending domains (the tenants row's foreign key removes them).</summary>
internal sealed class DomainTenantDeletionStep : ITenantDeletionStep
{
    public async Task DeleteTenantAsync(TenantDeletionBatch batch, CancellationToken cancellationToken) =>
        batch.Rows["domains"] = await batch.Connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT count(*) FROM domains WHERE tenant_id = @tenantId", new { tenantId = batch.TenantId }, batch.Transaction, cancellationToken: cancellationToken));
}
