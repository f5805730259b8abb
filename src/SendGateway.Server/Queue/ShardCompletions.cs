using StackExchange.Redis;

namespace SendGateway.Server.Queue;

/// <summary>
/// Records attempt outcomes with as few Redis calls as the load allows (a group commit per shard): the first outcome of
/// an idle shard goes out at once; those that arrive while its call is in flight go together in the next call, one
/// script for up to <see cref="QueueOptions.MaxCompletionBatch"/> outcomes. No timer, so a quiet shard adds no wait;
/// a busy one pays a round trip per burst instead of per message. All of a shard's keys share its hash slot, so the
/// same holds on a Redis Cluster.
/// </summary>
internal sealed class ShardCompletions(Func<IDatabase> db, int shards, int maxBatch)
{
    private readonly State[] _shards = [.. Enumerable.Range(0, shards).Select(_ => new State())];

    /// <summary>
    /// Completes when the outcome is recorded; throws what the call carrying it threw (then nothing of it was written
    /// unless the connection failed after sending, the same as a call of its own: the caller retries, events are
    /// stored once by id and the acknowledgement is idempotent).
    /// </summary>
    public Task RecordAsync(Completion completion)
    {
        var state = _shards[completion.Shard];
        bool start;
        lock (state)
        {
            state.Queued.Add(completion);
            start = !state.Flushing;
            state.Flushing = true;
        }

        if (start)
        {
            _ = FlushAsync(completion.Shard, state);
        }

        return completion.Done.Task;
    }

    private async Task FlushAsync(int shard, State state)
    {
        while (true)
        {
            Completion[] batch;
            lock (state)
            {
                if (state.Queued.Count == 0)
                {
                    state.Flushing = false;
                    return;
                }

                var take = Math.Min(state.Queued.Count, maxBatch);
                batch = [.. state.Queued.Take(take)];
                state.Queued.RemoveRange(0, take);
            }

            try
            {
                await db().ScriptEvaluateAsync(QueueScripts.Complete, Keys(shard, batch), Arguments(batch));
                foreach (var completion in batch)
                {
                    completion.Done.TrySetResult();
                }
            }
            catch (Exception e)
            {
                foreach (var completion in batch)
                {
                    completion.Done.TrySetException(e);
                }
            }
        }
    }

    private static RedisKey[] Keys(int shard, Completion[] batch)
    {
        var keys = new RedisKey[3 + (batch.Length * 2)];
        (keys[0], keys[1], keys[2]) = (QueueKeys.Stream(shard), QueueKeys.Events(shard), QueueKeys.Scheduled(shard));
        for (var i = 0; i < batch.Length; i++)
        {
            keys[3 + (i * 2)] = QueueKeys.Body(shard, batch[i].BatchId);
            keys[4 + (i * 2)] = QueueKeys.Delivered(shard, batch[i].MessageId);
        }

        return keys;
    }

    private static RedisValue[] Arguments(Completion[] batch)
    {
        var args = new List<RedisValue>(batch.Sum(c => 4 + c.Events.Length));
        foreach (var c in batch)
        {
            args.Add(c.StreamId);
            args.Add(c.Retry);
            args.Add(c.RetryAt);
            args.Add(c.Events.Length);
            args.AddRange(c.Events);
        }

        return [.. args];
    }

    private sealed class State
    {
        public List<Completion> Queued { get; } = [];

        public bool Flushing { get; set; }
    }
}
