namespace SendGateway.Server.Bounces;

internal static partial class BouncesLog
{
    [LoggerMessage(7002, LogLevel.Debug, "Recorded {Type} for message {MessageId} from an inbound report")]
    public static partial void Recorded(ILogger logger, string type, string messageId);

    [LoggerMessage(7003, LogLevel.Debug, "Refused an inbound message that is neither a DSN nor a feedback report")]
    public static partial void NotAReport(ILogger logger);

    [LoggerMessage(7004, LogLevel.Warning, "Recording an inbound report failed; the sender is told to retry")]
    public static partial void RecordFailed(ILogger logger, Exception exception);
}
