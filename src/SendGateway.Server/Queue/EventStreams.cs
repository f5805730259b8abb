using StackExchange.Redis;

namespace SendGateway.Server.Queue;

/// <summary>
/// The consumer side of the shards' event streams (the ingester's group): read new entries or this consumer's own
/// pending ones, take over a dead ingester's, and acknowledge a written batch. The producer side is the queue's scripts.
/// </summary>
public sealed class EventStreams(IConnectionMultiplexer redis)
{
    private IDatabase Db => redis.GetDatabase();

    /// <summary>New entries, or (<paramref name="ownPending"/>) the entries this consumer read before and has not acknowledged.</summary>
    public async Task<StreamEntry[]> ReadAsync(int shard, string consumer, bool ownPending, int count, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return await Db.StreamReadGroupAsync(QueueKeys.Events(shard), QueueKeys.IngestGroup, consumer, ownPending ? StreamPosition.Beginning : StreamPosition.NewMessages, count);
    }

    /// <summary>Entries another consumer has held longer than <paramref name="minIdle"/> (a dead ingester's).</summary>
    public async Task<StreamEntry[]> ReclaimAsync(int shard, string consumer, TimeSpan minIdle, int count, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return (await Db.StreamAutoClaimAsync(QueueKeys.Events(shard), QueueKeys.IngestGroup, consumer, (long)minIdle.TotalMilliseconds, "0-0", count)).ClaimedEntries;
    }

    /// <summary>
    /// XACK and XDEL of a written batch, sent at once (one connection keeps their order): one round trip and, with
    /// appendfsync always, usually one fsync wait instead of two.
    /// </summary>
    public async Task AcknowledgeAsync(int shard, RedisValue[] ids, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var db = Db;
        var key = QueueKeys.Events(shard);
        await Task.WhenAll(db.StreamAcknowledgeAsync(key, QueueKeys.IngestGroup, ids), db.StreamDeleteAsync(key, ids));
    }
}
