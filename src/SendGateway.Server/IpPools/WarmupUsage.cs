using StackExchange.Redis;

namespace SendGateway.Server.IpPools;

/// <summary>
/// Today's attempts per destination provider of one source, read from the warm-up counters <see cref="SourceSelector"/>
/// keeps (<c>sg:warm:{address}:{provider}:{day}</c>); at most <paramref name="max"/> providers, by SCAN on every primary.
/// </summary>
public sealed class WarmupUsage(IConnectionMultiplexer redis, TimeProvider time)
{
    public async Task<IReadOnlyList<(string Provider, long Attempts)>> TodayAsync(string address, int max, CancellationToken cancellationToken)
    {
        var day = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
        var prefix = $"sg:warm:{{{address}}}:";
        var keys = new List<RedisKey>();
        foreach (var server in redis.GetServers().Where(s => s.IsConnected && !s.IsReplica))
        {
            if (keys.Count >= max)
            {
                break;
            }

            await foreach (var key in server.KeysAsync(redis.GetDatabase().Database, $"{prefix}*:{day}", pageSize: 250).WithCancellation(cancellationToken))
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
            var name = (string)key!;
            usage.Add((name[prefix.Length..name.LastIndexOf(':')], (long)await redis.GetDatabase().StringGetAsync(key)));
        }

        return [.. usage.OrderByDescending(u => u.Item2)];
    }
}
