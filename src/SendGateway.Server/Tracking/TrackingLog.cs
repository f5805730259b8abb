namespace SendGateway.Server.Tracking;

internal static partial class TrackingLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "An open, click or unsubscribe could not be recorded ({Error}); the answer was still served")]
    public static partial void NotRecorded(ILogger logger, string error);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Whether a copy was opened early could not be read or kept ({Error}); the verdict stands on the request alone")]
    public static partial void NoOpenMark(ILogger logger, string error);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "A client address's use of the public tracking and unsubscribe endpoints could not be counted ({Error}); the request went through")]
    public static partial void NoAddressLimit(ILogger logger, string error);
}
