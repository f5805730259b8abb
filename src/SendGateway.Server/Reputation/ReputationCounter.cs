using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace SendGateway.Server.Reputation;

/// <summary>Reads a tenant's counts in the window (removing the buckets that left it), lists the tenants with events, and starts a tenant's counts afresh.</summary>
internal sealed class ReputationCounter(IConnectionMultiplexer redis, IOptions<ReputationOptions> options, TimeProvider time)
{
    /// <summary>The tenant's counts, and each sender domain's.</summary>
    public async Task<(ReputationCounts Tenant, IReadOnlyDictionary<string, ReputationCounts> Domains)> ReadAsync(string tenantId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var o = options.Value;
        var first = ReputationKeys.BucketOf(time.GetUtcNow() - o.Window, o.Bucket) + 1;
        var db = redis.GetDatabase();
        var key = ReputationKeys.Counts(tenantId);
        var tenant = ReputationCounts.None;
        var domains = new Dictionary<string, ReputationCounts>(StringComparer.Ordinal);
        var stale = new List<RedisValue>();
        foreach (var entry in await db.HashGetAllAsync(key))
        {
            var parts = entry.Name.ToString().Split('|', 3);
            if (parts.Length < 2 || !long.TryParse(parts[0], out var bucket) || parts[1].Length != 1 || bucket < first)
            {
                stale.Add(entry.Name);
                continue;
            }

            var count = (long)entry.Value;
            if (parts.Length == 2)
            {
                tenant = tenant.Add(parts[1][0], count);
            }
            else
            {
                domains[parts[2]] = domains.GetValueOrDefault(parts[2], ReputationCounts.None).Add(parts[1][0], count);
            }
        }

        if (stale.Count > 0)
        {
            await db.HashDeleteAsync(key, [.. stale]);
        }

        return (tenant, domains);
    }

    /// <summary>The tenants with events in the window, the most recent first, at most <paramref name="limit"/>; older ones leave the list.</summary>
    public async Task<IReadOnlyList<string>> ActiveAsync(int limit, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var db = redis.GetDatabase();
        var since = (time.GetUtcNow() - options.Value.Window).ToUnixTimeMilliseconds();
        await db.SortedSetRemoveRangeByScoreAsync(ReputationKeys.Active, double.NegativeInfinity, since, Exclude.Stop);
        var ids = await db.SortedSetRangeByRankAsync(ReputationKeys.Active, 0, limit - 1, Order.Descending);
        return [.. ids.Select(i => i.ToString())];
    }

    /// <summary>Forgets the tenant's counts: after a resume its rates count from then.</summary>
    public async Task ResetAsync(string tenantId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await redis.GetDatabase().KeyDeleteAsync(ReputationKeys.Counts(tenantId));
    }

    /// <summary>Records that a round that started at <paramref name="started"/> compared every active tenant (for monitoring: the guard runs).</summary>
    public async Task RoundDoneAsync(DateTimeOffset started, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await redis.GetDatabase().StringSetAsync(ReputationKeys.LastRound, started.ToUnixTimeMilliseconds(), options.Value.Window);
    }
}
