using StackExchange.Redis;

namespace SendGateway.ClusterTests.Infrastructure;

/// <summary>
/// Which delivery host leases which queue shard: the service's lease keys <c>sg:lease:{sN}</c> in the Redis Cluster hold
/// the worker's consumer name (machine:pid:guid); the pid is matched to the host's server.pid written by up.sh.
/// </summary>
public sealed class DeliveryLeases : IAsyncDisposable
{
    public const int Shards = 16; // Queue:Shards, the default

    private readonly ConnectionMultiplexer _redis;

    private DeliveryLeases(ConnectionMultiplexer redis) => _redis = redis;

    public static async Task<DeliveryLeases> ConnectAsync()
    {
        var endpoints = string.Join(",", Enumerable.Range(7001, 6).Select(p => $"{ClusterTopology.Ip("redis")}:{p}"));
        return new DeliveryLeases(await ConnectionMultiplexer.ConnectAsync($"{endpoints},connectTimeout=3000,syncTimeout=3000"));
    }

    /// <summary>The number of shards each delivery host leases now (hosts with none left out).</summary>
    public async Task<Dictionary<string, int>> ShardsPerHostAsync()
    {
        var hosts = new[] { "delivery1", "delivery2" }.ToDictionary(
            h => File.ReadAllText(Path.Combine(ClusterTopology.DataFolder, h, "server.pid")).Trim(), h => h, StringComparer.Ordinal);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var shard = 0; shard < Shards; shard++)
        {
            string? owner = await _redis.GetDatabase().StringGetAsync($"sg:lease:{{s{shard}}}");
            var pid = owner?.Split(':') is [_, var p, _] ? p : null;
            if (pid is not null && hosts.TryGetValue(pid, out var host))
            {
                counts[host] = counts.GetValueOrDefault(host) + 1;
            }
        }

        return counts;
    }

    public ValueTask DisposeAsync() => _redis.DisposeAsync();
}
