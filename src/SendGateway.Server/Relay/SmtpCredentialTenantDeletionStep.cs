using SendGateway.Server.PrivacyContract;

namespace SendGateway.Server.Relay;

/// <summary>A tenant's deletion: counts its SMTP credentials (the tenants row's foreign key removes them).</summary>
internal sealed class SmtpCredentialTenantDeletionStep : ITenantDeletionStep
{
    public Task DeleteTenantAsync(TenantDeletionBatch batch, CancellationToken cancellationToken) => batch.CountCascadedRowsAsync("smtp_credentials", cancellationToken);
}
