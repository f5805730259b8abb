using System.Text.Json;
using SendGateway.Server.EventContract;
using StackExchange.Redis;

namespace SendGateway.Server.Queue;

/// <summary>
/// One call of <see cref="QueueScripts.Enqueue"/>: its keys and arguments laid out for the shards given, held records
/// first. A raw MIME body does not pass through the script: Redis's Lua hashes every byte of every string argument, which
/// was a sixth of Redis's CPU per 100 KB message. It is written beside the script in the same MULTI/EXEC (atomic, one
/// AOF write), after it, with the body's TTL again so that a script that failed leaves nothing without an expiry.
/// </summary>
internal static class EnqueueWrite
{
    /// <summary>Where <see cref="QueueWriter"/> puts the body's TTL and the raw MIME (or '') in the script's arguments.</summary>
    private const int BodyTtlArgument = 1, MimeArgument = 2;

    public static async Task<RedisResult> RunAsync(IDatabase db, RedisValue[] head, string batchId, IReadOnlyList<IGrouping<int, EnqueueItem>> shards, int count, IReadOnlyList<HeldRecord> held)
    {
        var keys = new List<RedisKey>(held.Count + (shards.Count * 5) + count);
        var args = new List<RedisValue>(head.Length + 1 + (held.Count * 2) + shards.Count + (count * 4));
        args.AddRange(head);
        var mime = head[MimeArgument];
        args[MimeArgument] = RedisValue.EmptyString;
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

        if (mime.IsNullOrEmpty)
        {
            return await db.ScriptEvaluateAsync(QueueScripts.Enqueue, [.. keys], [.. args]);
        }

        var transaction = db.CreateTransaction();
        var script = transaction.ScriptEvaluateAsync(QueueScripts.Enqueue, [.. keys], [.. args]);
        var ttl = TimeSpan.FromMilliseconds((long)head[BodyTtlArgument]);
        var writes = shards.SelectMany(s => new Task[]
        {
            transaction.HashSetAsync(QueueKeys.Body(s.Key, batchId), "m", mime),
            transaction.KeyExpireAsync(QueueKeys.Body(s.Key, batchId), ttl),
        }).ToList();
        await transaction.ExecuteAsync(); // no conditions: always applied
        await Task.WhenAll(writes);
        return await script;
    }
}
