using Dapper;
using SendGateway.Server.PrivacyContract;

namespace SendGateway.Server.Relay;

/// <summary>A tenant's deletion: counts its SMTP credentials (the tenants row's foreign key removes them).</summary>
internal sealed class SmtpCredentialTenantDeletionStep : ITenantDeletionStep
{
    public async Task DeleteTenantAsync(TenantDeletionBatch batch, CancellationToken cancellationToken) =>
        batch.Rows["smtp_credentials"] = await batch.Connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT count(*) FROM smtp_credentials WHERE tenant_id = @tenantId", new { tenantId = batch.TenantId }, batch.Transaction, cancellationToken: cancellationToken));
}
