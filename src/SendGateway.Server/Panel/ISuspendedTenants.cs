namespace SendGateway.Server.Panel;

/// <summary>Whether a tenant is suspended (its panel is read-only: <see cref="SuspendedTenantGuard"/>). Tenants implements it, so the shell knows no tenant store.</summary>
internal interface ISuspendedTenants
{
    Task<bool> IsSuspendedAsync(string tenantId, CancellationToken cancellationToken);
}
