using System.Text.Json;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace SendGateway.Server.Queue;

/// <summary>
/// The enqueue write of <see cref="OutboundQueue.EnqueueAsync(BatchContent, IReadOnlyList{EnqueueItem}, IReadOnlyList{HeldRecord}, EnqueueOnce?, CancellationToken)"/>:
/// one script per shard on a Redis Cluster (all or none, <see cref="EnqueueRollback"/>), one for the batch on a single
/// Redis; a keyed batch's <see cref="EnqueueMarker"/> in each shard's script on a cluster; then, with
/// <c>MinReplicasToAck</c>, WAIT on the connection that wrote (<see cref="ReplicaAck"/>).
/// </summary>
internal sealed class QueueWriter(IConnectionMultiplexer redis, IOptions<QueueOptions> options, QueueCipher cipher, ReplicaAck replicaAck, TimeProvider time)
{
    private bool? _cluster;

    public bool IsCluster => _cluster ??= redis.GetServers().Any(s => s.ServerType == ServerType.Cluster);

    public async Task EnqueueAsync(BatchContent content, IReadOnlyList<EnqueueItem> items, IReadOnlyList<HeldRecord> held, EnqueueOnce? once, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var byShard = items.GroupBy(i => i.Entry.Shard).ToList();
        var batchId = items[0].Entry.BatchId;
        RedisValue[] head =
        [
            cipher.Seal(JsonSerializer.SerializeToUtf8Bytes(content, QueueJsonContext.Default.BatchContent), batchId),
            (long)options.Value.BodyTtl.TotalMilliseconds,
            content.Mime is { } mime ? cipher.Seal(mime, batchId) : (RedisValue)string.Empty,
            (long)options.Value.AcceptedRecordTtl.TotalMilliseconds,
            string.Empty, // what was written is not needed back
        ];
        // Its own connection when a WAIT follows: WAIT counts the writes made on the connection it runs on.
        var writer = replicaAck.Enabled ? await replicaAck.NextAsync(cancellationToken) : null;
        var db = writer?.GetDatabase() ?? redis.GetDatabase();
        if (!IsCluster)
        {
            await EnqueueWrite.RunAsync(db, head, batchId, byShard, items.Count, held);
        }
        else
        {
            List<HeldRecord> Marker(int shard) => once is null ? [] : [new(QueueKeys.Once(shard, once.Id), once.Marker.Serialize(), EnqueueMarker.Lifetime)];
            if (byShard.Count == 1)
            {
                await EnqueueWrite.RunAsync(db, head, batchId, byShard, items.Count, Marker(byShard[0].Key));
            }
            else
            {
                head[4] = "1"; // the ids written, to roll a shard back when another fails
                try
                {
                    await EnqueueRollback.WriteAllOrNoneAsync(db, batchId, byShard, shard => EnqueueWrite.RunAsync(db, head, batchId, [shard], shard.Count(), Marker(shard.Key)), time, cancellationToken);
                }
                catch when (once is not null)
                {
                    // The shards rolled back lose their markers too, so a retry writes them again (best effort, as the rollback).
                    await Task.WhenAll(byShard.Select(s => db.KeyDeleteAsync(QueueKeys.Once(s.Key, once.Id)))).ContinueWith(_ => { }, TaskScheduler.Default);
                    throw;
                }
            }
        }

        if (writer is not null)
        {
            await replicaAck.WaitAsync(writer, byShard.Select(s => (RedisKey)QueueKeys.Stream(s.Key)), cancellationToken);
        }

        if (IsCluster)
        {
            // Other slots: right after the batch. A process killed in between leaves the shards' markers for the retry.
            await Task.WhenAll(held.Select(h => redis.GetDatabase().StringSetAsync(h.Key, h.Value, h.Ttl)));
        }
    }

    /// <summary>The markers <paramref name="onceId"/> left on <paramref name="shards"/> (a cluster only: elsewhere the answer is written with the batch).</summary>
    public async Task<IReadOnlyDictionary<int, EnqueueMarker>> FindAsync(string onceId, IEnumerable<int> shards, CancellationToken cancellationToken)
    {
        if (!IsCluster)
        {
            return new Dictionary<int, EnqueueMarker>();
        }

        cancellationToken.ThrowIfCancellationRequested();
        var db = redis.GetDatabase();
        var distinct = shards.Distinct().ToList();
        var values = await Task.WhenAll(distinct.Select(s => db.StringGetAsync(QueueKeys.Once(s, onceId))));
        var found = new Dictionary<int, EnqueueMarker>();
        for (var i = 0; i < distinct.Count; i++)
        {
            if (!values[i].IsNull && EnqueueMarker.Parse(values[i]!) is { } marker)
            {
                found[distinct[i]] = marker;
            }
        }

        return found;
    }
}
