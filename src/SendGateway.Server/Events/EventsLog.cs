namespace SendGateway.Server.Events;

internal static partial class EventsLog
{
    [LoggerMessage(3002, LogLevel.Warning, "Moved an undecodable event entry {StreamId} of shard {Shard} to the dead letters (GET /v1/admin/dead-letters)")]
    public static partial void Undecodable(ILogger logger, string streamId, int shard);

    [LoggerMessage(3003, LogLevel.Warning, "PostgreSQL refused an ingest batch of {Count} events for its data (SQLSTATE {SqlState}); splitting it to store the rest")]
    public static partial void BatchRefused(ILogger logger, int count, string sqlState);

    [LoggerMessage(3004, LogLevel.Warning, "PostgreSQL refused event entry {StreamId} of shard {Shard} (SQLSTATE {SqlState}); read {Reads} of {MaxAttempts} times, left pending to try again")]
    public static partial void EventRefused(ILogger logger, string streamId, int shard, string sqlState, long reads, int maxAttempts);

    [LoggerMessage(3005, LogLevel.Error, "Moved event entry {StreamId} of shard {Shard}, refused by PostgreSQL (SQLSTATE {SqlState}) after {Reads} reads, to the dead letters (GET /v1/admin/dead-letters)")]
    public static partial void RefusedDeadLettered(ILogger logger, string streamId, int shard, string sqlState, long reads);
}
