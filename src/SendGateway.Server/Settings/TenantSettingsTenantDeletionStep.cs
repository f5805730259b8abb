using Dapper;
using SendGateway.Server.PrivacyContract;

namespace SendGateway.Server.Settings;

/// <summary>A tenant's deletion: counts its settings (the tenants row's foreign key removes them).</summary>
internal sealed class TenantSettingsTenantDeletionStep : ITenantDeletionStep
{
    public async Task DeleteTenantAsync(TenantDeletionBatch batch, CancellationToken cancellationToken) =>
        batch.Rows["tenant_settings"] = await batch.Connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT count(*) FROM tenant_settings WHERE tenant_id = @tenantId", new { tenantId = batch.TenantId }, batch.Transaction, cancellationToken: cancellationToken));
}
