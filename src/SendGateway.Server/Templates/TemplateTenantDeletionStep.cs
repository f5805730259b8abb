using Dapper;
using SendGateway.Server.PrivacyContract;

namespace SendGateway.Server.Templates;

/// <summary>A tenant's deletion: counts its templates (with their versions) (the tenants row's foreign key removes them).</summary>
internal sealed class TemplateTenantDeletionStep : ITenantDeletionStep
{
    public async Task DeleteTenantAsync(TenantDeletionBatch batch, CancellationToken cancellationToken) =>
        batch.Rows["templates"] = await batch.Connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT count(*) FROM templates WHERE tenant_id = @tenantId", new { tenantId = batch.TenantId }, batch.Transaction, cancellationToken: cancellationToken));
}
