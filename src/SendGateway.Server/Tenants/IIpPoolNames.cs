namespace SendGateway.Server.Tenants;

/// <summary>Whether an IP pool exists, for a tenant's pool settings. Implemented by the IP pools' store, so tenants do not depend on it.</summary>
internal interface IIpPoolNames
{
    Task<bool> ExistsAsync(string name, CancellationToken cancellationToken);
}
