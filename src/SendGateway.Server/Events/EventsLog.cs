namespace SendGateway.Server.Events;

internal static partial class EventsLog
{
    [LoggerMessage(3002, LogLevel.Warning, "Moved an undecodable event entry {StreamId} of shard {Shard} to the dead letters (GET /v1/admin/dead-letters)")]
    public static partial void Undecodable(ILogger logger, string streamId, int shard);
}
