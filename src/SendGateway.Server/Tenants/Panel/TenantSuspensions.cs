using SendGateway.Server.Panel;

namespace SendGateway.Server.Tenants.Panel;

/// <summary>The panel's question whether a tenant is suspended, answered from the tenant cache.</summary>
internal sealed class TenantSuspensions(CachedTenants tenants) : ISuspendedTenants
{
    public async Task<bool> IsSuspendedAsync(string tenantId, CancellationToken cancellationToken) =>
        await tenants.GetAsync(tenantId, cancellationToken) is { Suspended: true };
}
