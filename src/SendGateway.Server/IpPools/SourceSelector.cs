using System.Net;
using Microsoft.Extensions.Caching.Memory;
using SendGateway.Server.Tenants;

namespace SendGateway.Server.IpPools;

/// <summary>
/// Which source a message leaves from: the pool the message named (checked at accept), else the tenant's default pool,
/// else the host's default route. Within a pool a source is chosen by weight. Pools and tenants are cached briefly.
/// A tenant's mail never falls back to another pool (reliability.md T78).
/// </summary>
public sealed class SourceSelector(IpPoolStore pools, TenantStore tenants, IMemoryCache cache)
{
    private static readonly TimeSpan CacheTime = TimeSpan.FromSeconds(10);

    public async Task<(IPAddress Address, string EhloName)?> PickAsync(string tenantId, string? poolName, CancellationToken cancellationToken)
    {
        poolName ??= await cache.GetOrCreateAsync($"tenant-pool:{tenantId}", async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = CacheTime;
            entry.Size = 1;
            return (await tenants.GetAsync(tenantId, cancellationToken))?.DefaultIpPool;
        });
        if (poolName is null)
        {
            return null;
        }

        var pool = await cache.GetOrCreateAsync($"ip-pool:{poolName}", async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = CacheTime;
            entry.Size = 1;
            return await pools.GetAsync(poolName, cancellationToken);
        });
        if (pool is null || pool.Sources.Count == 0)
        {
            throw new InvalidOperationException($"IP pool '{poolName}' does not exist any more.");
        }

        var ticket = Random.Shared.Next(pool.Sources.Sum(s => s.Weight));
        foreach (var source in pool.Sources)
        {
            ticket -= source.Weight;
            if (ticket < 0)
            {
                return (IPAddress.Parse(source.Address), source.EhloName);
            }
        }

        return (IPAddress.Parse(pool.Sources[^1].Address), pool.Sources[^1].EhloName);
    }

    /// <summary>Whether the tenant may name <paramref name="poolName"/> on a message: its default or one of its allowed pools.</summary>
    public async Task<bool> IsAllowedAsync(string tenantId, string poolName, CancellationToken cancellationToken)
    {
        var tenant = await tenants.GetAsync(tenantId, cancellationToken);
        return tenant is not null && (tenant.DefaultIpPool == poolName || tenant.AllowedIpPools.Contains(poolName));
    }
}
