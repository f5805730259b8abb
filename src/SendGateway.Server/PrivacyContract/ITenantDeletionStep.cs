namespace SendGateway.Server.PrivacyContract;

/// <summary>
/// One folder's part of deleting a tenant (<c>DELETE /v1/admin/tenants/{id}</c>, reliability.md T108): it deletes the
/// tenant's rows of its own tables, or counts those its foreign key to <c>tenants</c> removes when the Tenants step
/// deletes the tenant (which runs last), and records the count per table in the batch. Privacy runs the steps in its
/// one declared order (<c>Privacy/PrivacySteps</c>).
/// </summary>
internal interface ITenantDeletionStep
{
    Task DeleteTenantAsync(TenantDeletionBatch batch, CancellationToken cancellationToken);
}
