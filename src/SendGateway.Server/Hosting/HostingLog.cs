namespace SendGateway.Server.Hosting;

internal static partial class HostingLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Now listening on: http://{Authority} (HTTP)")]
    public static partial void ListeningHttp(ILogger logger, string authority);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Now listening on: http://{Authority} (HTTP, management)")]
    public static partial void ListeningManagement(ILogger logger, string authority);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Now listening on: {Authority} ({Protocol})")]
    public static partial void ListeningOther(ILogger logger, string authority, string protocol);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Stopping: /readyz answers 503 for {DrainTime} before the listeners close")]
    public static partial void Draining(ILogger logger, TimeSpan drainTime);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Rate limits count on this node alone: Redis did not answer ({Error}); asking again every {FallbackTime}")]
    public static partial void SharedRateLimitsAway(ILogger logger, string error, TimeSpan fallbackTime);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Rate limits are shared by every node again: Redis answers")]
    public static partial void SharedRateLimitsBack(ILogger logger);
}
