using StackExchange.Redis;

namespace SendGateway.Server.IpPools;

/// <summary>
/// Today's attempts per destination provider of one source, read from the warm-up counters <see cref="SourceSelector"/>
/// keeps (<see cref="WarmupKeys"/>); at most <paramref name="max"/> providers, by SCAN on every primary.
/// </summary>
internal sealed class WarmupUsage(IConnectionMultiplexer redis, TimeProvider time)
{
    public async Task<IReadOnlyList<(string Provider, long Attempts)>> TodayAsync(string address, int max, CancellationToken cancellationToken)
    {
        var day = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var keys = new List<RedisKey>();
        foreach (var server in redis.GetServers().Where(s => s.IsConnected && !s.IsReplica))
        {
            if (keys.Count >= max)
            {
                break;
            }

            await foreach (var key in server.KeysAsync(redis.GetDatabase().Database, WarmupKeys.DayPattern(address, day), pageSize: 250).WithCancellation(cancellationToken))
            {
                keys.Add(key);
                if (keys.Count >= max)
                {
                    break;
                }
            }
        }

        var usage = new List<(string, long)>(keys.Count);
        foreach (var key in keys)
        {
            usage.Add((WarmupKeys.ProviderOf((string)key!, address), (long)await redis.GetDatabase().StringGetAsync(key)));
        }

        return [.. usage.OrderByDescending(u => u.Item2)];
    }
}
