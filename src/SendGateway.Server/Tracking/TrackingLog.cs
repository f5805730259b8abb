namespace SendGateway.Server.Tracking;

internal static partial class TrackingLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "An open or click could not be recorded ({Error}); the redirect or image was still served")]
    public static partial void NotRecorded(ILogger logger, string error);
}
