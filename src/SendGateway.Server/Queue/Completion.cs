using StackExchange.Redis;

namespace SendGateway.Server.Queue;

/// <summary>
/// One attempt's outcome as <see cref="ShardCompletions"/> sends it: the entry to acknowledge, the retry entry ('' for a
/// final outcome) and its due time in Unix ms, and the events to append, already serialised.
/// </summary>
internal sealed record Completion(int Shard, RedisValue StreamId, string BatchId, string MessageId, RedisValue Retry, long RetryAt, RedisValue[] Events)
{
    public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
