namespace SendGateway.Server.Queue;

/// <summary>Queue logs: shards and counts only, never entry contents.</summary>
internal static partial class QueueLog
{
    [LoggerMessage(12101, LogLevel.Warning, "Erasure left {Count} undecodable entries of {Key} in place (their tenant and recipient cannot be read); the erasure went on. Inspect or discard them (GET /v1/admin/dead-letters)")]
    public static partial void ErasureSkippedUndecodable(ILogger logger, string key, long count);

    [LoggerMessage(12001, LogLevel.Warning, "Shard {Shard} holds {Count} dead letters, above Queue:DeadLetterMaxLength ({Cap}): all are kept; replay or discard them")]
    public static partial void DeadLettersOverCap(ILogger logger, int shard, long count, int cap);

    [LoggerMessage(12201, LogLevel.Warning, "A remote acceptance on shard {Shard} was not journaled in Redis ({Error}); the outcome is recorded all the same, and this node remembers it until then")]
    public static partial void JournalWriteFailed(ILogger logger, int shard, string error);
}
