using StackExchange.Redis;

namespace SendGateway.IntegrationTests.Infrastructure;

/// <summary>
/// What a factory's Redis database holds in streams (delivery shards, events, dead letters): entries summed over the
/// stream keys matching a pattern. A request the service refused leaves it unchanged when nothing takes entries off
/// (the api role alone).
/// </summary>
public static class QueuedEntries
{
    /// <summary>The delivery queue's shard streams (<c>sg:q:{sN}</c>): one entry per message accepted and not yet delivered.</summary>
    public const string Shards = "sg:q:*";

    public static Task<long> CountAsync(SendGatewayFactory factory, string pattern = "*") =>
        CountAsync(factory.RedisConnectionString, factory.RedisDatabase, pattern);

    public static async Task<long> CountAsync(string connectionString, int database, string pattern = "*")
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(connectionString);
        var db = redis.GetDatabase(database);
        var total = 0L;
        await foreach (var key in redis.GetServer(redis.GetEndPoints()[0]).KeysAsync(database, pattern))
        {
            if (await db.KeyTypeAsync(key) == RedisType.Stream)
            {
                total += await db.StreamLengthAsync(key);
            }
        }

        return total;
    }
}
