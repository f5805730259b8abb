using System.Net;
using Microsoft.Extensions.Caching.Memory;
using SendGateway.Server.Tenants;

namespace SendGateway.Server.IpPools;

/// <summary>
/// Which source a message leaves from: the pool the message named (checked at accept), else the tenant's default pool,
/// else the host's default route. Within a pool a source is chosen by weight. Pools and tenants are cached briefly.
/// A tenant's mail never falls back to another pool (reliability.md T78).
/// </summary>
internal sealed class SourceSelector(
    IpPoolStore pools, CachedTenants tenants, IMemoryCache cache, StackExchange.Redis.IConnectionMultiplexer redis, LocalSources local, TimeProvider time)
{
    private static readonly TimeSpan CacheTime = TimeSpan.FromSeconds(10);

    /// <summary>Each pool as last read (one entry per pool name, as many as the operator made).</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, IpPool?> _lastKnown = new(StringComparer.Ordinal);

    // KEYS day counter. ARGV limit. 1 = counted, 0 = the source's allowance for today is spent.
    private const string Consume = """
        local n = redis.call('INCR', KEYS[1])
        if n == 1 then redis.call('EXPIRE', KEYS[1], 172800) end
        if n > tonumber(ARGV[1]) then redis.call('DECR', KEYS[1]) return 0 end
        return 1
        """;

    /// <summary>The pool a message leaves from: the one it named, else its tenant's default; null = the host's default route.</summary>
    public async ValueTask<string?> PoolOfAsync(string tenantId, string? poolName, CancellationToken cancellationToken) =>
        poolName ?? (await tenants.GetAsync(tenantId, cancellationToken))?.DefaultIpPool;

    /// <summary>
    /// The source for one attempt to <paramref name="destination"/>: weighted among the pool's sources not in
    /// <paramref name="excluded"/> (suspended or held addresses; <c>default</c> stands for the host's default route) that
    /// still have warm-up allowance today (overflow goes to warmed sources). No source: <c>Excluded</c> when exclusions
    /// left none, else <c>WaitFor</c> until tomorrow's allowance.
    /// </summary>
    public async Task<((IPAddress Address, string EhloName)? Source, TimeSpan? WaitFor, bool Excluded)> ChooseAsync(
        string tenantId, string? poolName, string? destination, IReadOnlySet<string>? excluded, CancellationToken cancellationToken)
    {
        poolName = await PoolOfAsync(tenantId, poolName, cancellationToken);
        if (poolName is null)
        {
            return (null, null, excluded?.Contains(DefaultRoute) == true);
        }

        var pool = await GetAsync(poolName, cancellationToken);
        if (pool is null || pool.Sources.Count == 0)
        {
            throw new InvalidOperationException($"IP pool '{poolName}' does not exist any more.");
        }

        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var here = pool.Sources.Where(s => local.Has(s.Address)).ToList(); // never another node's address
        var candidates = excluded is { Count: > 0 } ? here.Where(s => !excluded.Contains(s.Address)).ToList() : here;
        var someExcluded = candidates.Count < here.Count;
        while (candidates.Count > 0)
        {
            var ticket = Random.Shared.Next(candidates.Sum(s => s.Weight));
            var source = candidates.First(s => (ticket -= s.Weight) < 0);
            if (source.Warmup?.LimitOn(today) is not { } limit || await TryConsumeAsync(source, destination ?? "*", today, limit))
            {
                return ((IPAddress.Parse(source.Address), source.EhloName), null, false);
            }

            candidates.Remove(source); // its allowance for this provider is spent today: overflow to the others
        }

        var tomorrow = new DateTimeOffset(today.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        return (null, someExcluded ? null : tomorrow - now, someExcluded);
    }

    /// <summary>Whether some address of the pool is on this node (null: the pool is gone; the caller's later steps say so).</summary>
    public async Task<bool?> IsOnThisNodeAsync(string poolName, CancellationToken cancellationToken) =>
        await GetAsync(poolName, cancellationToken) is { } pool ? pool.Sources.Any(s => local.Has(s.Address)) : null;

    /// <summary>The pool as cached (a few seconds), else as last read while PostgreSQL does not answer; null when it does not exist.</summary>
    private async Task<IpPool?> GetAsync(string poolName, CancellationToken cancellationToken) =>
        await cache.GetOrCreateAsync($"ip-pool:{poolName}", async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = CacheTime;
            entry.Size = 1;
            try
            {
                return _lastKnown[poolName] = await pools.GetAsync(poolName, cancellationToken);
            }
            catch (Exception e) when (Storage.Outage.IsTransient(e) && _lastKnown.TryGetValue(poolName, out var stale))
            {
                // Delivery does not wait for PostgreSQL (reliability.md T114): the pool as last read, asked again in a second.
                entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(1);
                return stale;
            }
        });

    /// <summary>The name <see cref="ChooseAsync"/>'s exclusions use for the host's default route (no pool).</summary>
    public const string DefaultRoute = "default";

    private async Task<bool> TryConsumeAsync(IpSource source, string destination, DateOnly today, int limit) =>
        limit > 0 && (int)await redis.GetDatabase().ScriptEvaluateAsync(Consume, [WarmupKeys.Counter(source.Address, destination, today)], [limit]) == 1;

    /// <summary>Whether the tenant may name <paramref name="poolName"/> on a message: its default or one of its allowed pools.</summary>
    public async Task<bool> IsAllowedAsync(string tenantId, string poolName, CancellationToken cancellationToken)
    {
        var tenant = await tenants.GetAsync(tenantId, cancellationToken);
        return tenant is not null && (tenant.DefaultIpPool == poolName || tenant.AllowedIpPools.Contains(poolName));
    }
}
