namespace SendGateway.Server.Events;

internal static partial class EventsLog
{
    [LoggerMessage(3001, LogLevel.Error, "Writing {Count} events of shard {Shard} to PostgreSQL failed; they stay pending and are retried")]
    public static partial void IngestFailed(ILogger logger, Exception exception, int shard, int count);

    [LoggerMessage(3002, LogLevel.Warning, "Dropped an undecodable event entry {StreamId} of shard {Shard}")]
    public static partial void Undecodable(ILogger logger, string streamId, int shard);
}
