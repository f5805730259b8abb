using System.Text.Json;
using SendGateway.Server.EventContract;
using StackExchange.Redis;

namespace SendGateway.Server.Queue;

/// <summary>
/// reliability.md T30 on a Redis Cluster, where a script touches one slot: a batch spanning shards is one script per
/// shard, so when one fails the shards already written are rolled back here (their entries, bodies and <c>injected</c>
/// events removed) before the caller answers 503/451, and the client's retry is the only copy. What remains: a worker
/// that leased a rolled-back entry in the milliseconds before finds its body gone and records <c>dropped</c>
/// (<c>content_expired</c>) instead of sending, and an <c>injected</c> event the ingester had already read is followed by a
/// <c>dropped</c> (<c>rolled_back</c>) one, so either shows in the events for an id the client never received; and when the
/// rollback itself cannot reach a node, that node's part stays queued.
/// </summary>
internal static class EnqueueRollback
{
    public const string Reason = "rolled_back";

    /// <summary>Writes every shard at once with <paramref name="write"/>; when one fails, rolls back the others and rethrows.</summary>
    public static async Task WriteAllOrNoneAsync(
        IDatabase db, string batchId, IReadOnlyList<IGrouping<int, EnqueueItem>> shards, Func<IGrouping<int, EnqueueItem>, Task<RedisResult>> write, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var writes = shards.Select(write).ToList();
        try
        {
            await Task.WhenAll(writes);
        }
        catch (Exception e) when (writes.Any(w => w.IsCompletedSuccessfully))
        {
            try
            {
                await UndoAsync(db, batchId, shards, writes, time, cancellationToken);
            }
            catch (Exception undo)
            {
                throw new AggregateException(e, undo); // both reach the caller; a node the rollback missed keeps its part
            }

            throw;
        }
    }

    /// <summary>Rolls back every shard whose write succeeded; <paramref name="writes"/> answer the Enqueue script with ids.</summary>
    private static async Task UndoAsync(
        IDatabase db, string batchId, IReadOnlyList<IGrouping<int, EnqueueItem>> shards, IReadOnlyList<Task<RedisResult>> writes, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var undo = new List<Task>();
        for (var s = 0; s < shards.Count; s++)
        {
            if (!writes[s].IsCompletedSuccessfully)
            {
                continue;
            }

            cancellationToken.ThrowIfCancellationRequested();
            var ids = (RedisResult[])writes[s].Result!;
            var shard = shards[s].Key;
            var args = new List<RedisValue>(ids.Length / 2 * 5);
            var k = 0;
            foreach (var item in shards[s])
            {
                var dropped = item.Injected with
                {
                    Id = Ids.New("evt"), Type = EventTypes.Dropped, Timestamp = time.GetUtcNow(), Sequence = item.Injected.Sequence + 1, Reason = Reason,
                };
                args.Add((RedisValue)ids[k++]);
                args.Add((RedisValue)ids[k++]);
                args.Add(JsonSerializer.Serialize(item.Entry, QueueJsonContext.Default.QueueEntry));
                args.Add(item.Entry.Id);
                args.Add(JsonSerializer.Serialize(dropped, EventJsonContext.Default.EventRecord));
            }

            RedisKey[] keys =
            [
                QueueKeys.Body(shard, batchId), QueueKeys.Stream(shard), QueueKeys.Events(shard), QueueKeys.Scheduled(shard), QueueKeys.ScheduledIndex(shard),
                .. shards[s].Select(item => (RedisKey)QueueKeys.Accepted(shard, item.Entry.Id)),
            ];
            undo.Add(db.ScriptEvaluateAsync(QueueScripts.RollBack, keys, [.. args]));
        }

        await Task.WhenAll(undo);
    }
}
