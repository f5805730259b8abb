using System.Text.Json;
using SendGateway.Server.EventContract;
using StackExchange.Redis;

namespace SendGateway.Server.Queue;

/// <summary>One call of <see cref="QueueScripts.Enqueue"/>: its keys and arguments laid out for the shards given, held records first.</summary>
internal static class EnqueueWrite
{
    public static async Task<RedisResult> RunAsync(IDatabase db, RedisValue[] head, string batchId, IReadOnlyList<IGrouping<int, EnqueueItem>> shards, int count, IReadOnlyList<HeldRecord> held)
    {
        var keys = new List<RedisKey>(held.Count + (shards.Count * 5) + count);
        var args = new List<RedisValue>(head.Length + 1 + (held.Count * 2) + shards.Count + (count * 4));
        args.AddRange(head);
        args.Add(held.Count);
        foreach (var record in held)
        {
            keys.Add(record.Key);
            args.Add(record.Value);
            args.Add((long)record.Ttl.TotalMilliseconds);
        }

        foreach (var shard in shards)
        {
            keys.Add(QueueKeys.Body(shard.Key, batchId));
            keys.Add(QueueKeys.Stream(shard.Key));
            keys.Add(QueueKeys.Events(shard.Key));
            keys.Add(QueueKeys.Scheduled(shard.Key));
            keys.Add(QueueKeys.ScheduledIndex(shard.Key));
            args.Add(shard.Count());
            foreach (var item in shard)
            {
                args.Add(JsonSerializer.Serialize(item.Entry, QueueJsonContext.Default.QueueEntry));
                args.Add(JsonSerializer.Serialize(item.Injected, EventJsonContext.Default.EventRecord));
                args.Add(item.Due?.ToUnixTimeMilliseconds() ?? 0);
                args.Add(item.Entry.Id);
                keys.Add(QueueKeys.Accepted(shard.Key, item.Entry.Id));
            }
        }

        return await db.ScriptEvaluateAsync(QueueScripts.Enqueue, [.. keys], [.. args]);
    }
}
