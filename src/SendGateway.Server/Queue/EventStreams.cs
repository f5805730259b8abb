using System.Text.Json;
using SendGateway.Server.EventContract;
using StackExchange.Redis;

namespace SendGateway.Server.Queue;

/// <summary>
/// The consumer side of the shards' event streams (the ingester's group): read new entries or this consumer's own
/// pending ones, take over a dead ingester's, and acknowledge a written batch. Entries come back decoded
/// (<see cref="EventStreamBatch"/>): the entry format stays here. The producer side is the queue's scripts.
/// </summary>
internal sealed class EventStreams(IConnectionMultiplexer redis)
{
    private bool? _cluster;

    private IDatabase Db => redis.GetDatabase();

    /// <summary>New entries, or (<paramref name="ownPending"/>) the entries this consumer read before and has not acknowledged.</summary>
    public async Task<EventStreamBatch> ReadAsync(int shard, string consumer, bool ownPending, int count, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Decode(shard, await Db.StreamReadGroupAsync(QueueKeys.Events(shard), QueueKeys.IngestGroup, consumer, ownPending ? StreamPosition.Beginning : StreamPosition.NewMessages, count));
    }

    /// <summary>
    /// New entries of every shard, up to <paramref name="count"/> from each, in one XREADGROUP over all the streams (one
    /// round trip instead of one per shard); on a Redis Cluster, where the streams live in different slots, one call per
    /// shard, all in flight together. Only shards with entries are returned.
    /// </summary>
    public async Task<IReadOnlyList<EventStreamBatch>> ReadNewAsync(int shards, string consumer, int count, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var db = Db;
        if (_cluster ??= redis.GetServers().Any(s => s.ServerType == ServerType.Cluster))
        {
            var reads = Enumerable.Range(0, shards)
                .Select(s => db.StreamReadGroupAsync(QueueKeys.Events(s), QueueKeys.IngestGroup, consumer, StreamPosition.NewMessages, count)).ToArray();
            return [.. (await Task.WhenAll(reads)).Select((entries, shard) => (shard, entries)).Where(r => r.entries.Length > 0).Select(r => Decode(r.shard, r.entries))];
        }

        var positions = Enumerable.Range(0, shards).Select(s => new StreamPosition(QueueKeys.Events(s), StreamPosition.NewMessages)).ToArray();
        var streams = await db.StreamReadGroupAsync(positions, QueueKeys.IngestGroup, consumer, count);
        return [.. streams.Where(s => s.Entries.Length > 0).Select(s => Decode(Array.FindIndex(positions, p => p.Key == s.Key), s.Entries))];
    }

    /// <summary>Entries another consumer has held longer than <paramref name="minIdle"/> (a dead ingester's).</summary>
    public async Task<EventStreamBatch> ReclaimAsync(int shard, string consumer, TimeSpan minIdle, int count, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Decode(shard, (await Db.StreamAutoClaimAsync(QueueKeys.Events(shard), QueueKeys.IngestGroup, consumer, (long)minIdle.TotalMilliseconds, "0-0", count)).ClaimedEntries);
    }

    /// <summary>
    /// How many times the ingest group has handed out the entry (its XPENDING delivery counter: every read, a re-read of
    /// a consumer's own pending entries and a takeover count); 0 when it is not pending.
    /// </summary>
    public async Task<long> DeliveryCountAsync(int shard, RedisValue id, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var pending = await Db.StreamPendingMessagesAsync(QueueKeys.Events(shard), QueueKeys.IngestGroup, 1, RedisValue.Null, id, id);
        return pending.Length == 0 ? 0 : pending[0].DeliveryCount;
    }

    /// <summary>
    /// XACK and XDEL of a written batch (<paramref name="ids"/>, the entries of <paramref name="events"/> in the same
    /// order), and the DEL of the accepted records (<see cref="QueueKeys.Accepted"/>) of the messages whose first event
    /// (sequence 1: injected, or dropped at accept) it stored, sent at once (one connection keeps their order): one round
    /// trip and, with appendfsync always, usually one fsync wait instead of two.
    /// </summary>
    public async Task AcknowledgeAsync(int shard, RedisValue[] ids, IEnumerable<EventRecord> events, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var db = Db;
        var key = QueueKeys.Events(shard);
        RedisKey[] acceptedRecords = [.. events.Where(e => e.Sequence == 1).Select(e => (RedisKey)QueueKeys.Accepted(shard, e.MessageId))];
        await Task.WhenAll(
            db.StreamAcknowledgeAsync(key, QueueKeys.IngestGroup, ids), db.StreamDeleteAsync(key, ids),
            acceptedRecords.Length == 0 ? Task.CompletedTask : db.KeyDeleteAsync(acceptedRecords));
    }

    private static EventStreamBatch Decode(int shard, StreamEntry[] entries)
    {
        var events = new List<EventRecord>(entries.Length);
        var ids = new List<RedisValue>(entries.Length);
        List<RedisValue>? undecodable = null;
        foreach (var entry in entries)
        {
            if (TryDecode(entry) is { } record)
            {
                events.Add(record);
                ids.Add(entry.Id);
            }
            else
            {
                (undecodable ??= []).Add(entry.Id);
            }
        }

        return new EventStreamBatch(shard, [.. events], [.. ids], undecodable is null ? [] : [.. undecodable]);
    }

    /// <summary>Straight from the entry's UTF-8 bytes: a string would be decoded to UTF-16 only for the parser to go back.</summary>
    private static EventRecord? TryDecode(StreamEntry entry)
    {
        var value = entry["e"];
        try
        {
            return value.IsNull ? null : JsonSerializer.Deserialize(((ReadOnlyMemory<byte>)value).Span, EventJsonContext.Default.EventRecord);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
