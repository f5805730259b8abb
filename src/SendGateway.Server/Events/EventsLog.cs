namespace SendGateway.Server.Events;

internal static partial class EventsLog
{
    [LoggerMessage(3002, LogLevel.Warning, "Dropped an undecodable event entry {StreamId} of shard {Shard}")]
    public static partial void Undecodable(ILogger logger, string streamId, int shard);
}
