using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Memory;

namespace SendGateway.Server.Tenants;

/// <summary>
/// Tenant rows (quotas, IP pools) as the accept and delivery paths read them: cached for <see cref="CacheTime"/>, dropped
/// from this node at once by <see cref="Forget"/> after an operator change, and while PostgreSQL cannot answer the last
/// row read is used, so accepting mail does not depend on PostgreSQL being up.
/// </summary>
internal sealed class CachedTenants(TenantStore store, IMemoryCache cache)
{
    public static readonly TimeSpan CacheTime = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<string, Tenant?> _lastKnown = new();

    public async ValueTask<Tenant?> GetAsync(string tenantId, CancellationToken cancellationToken) =>
        await cache.GetOrCreateAsync(Key(tenantId), async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = CacheTime;
            entry.Size = 1;
            try
            {
                return _lastKnown[tenantId] = await store.GetAsync(tenantId, cancellationToken);
            }
            catch (Npgsql.NpgsqlException) when (_lastKnown.TryGetValue(tenantId, out var stale))
            {
                entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(1);
                return stale;
            }
        });

    public void Forget(string tenantId) => cache.Remove(Key(tenantId));

    private static string Key(string tenantId) => $"tenant:{tenantId}";
}
