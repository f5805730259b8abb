namespace SendGateway.Server.Inbound;

internal static partial class InboundLog
{
    [LoggerMessage(7001, LogLevel.Information, "Inbound report listener on {EndPoint} for {Domain}")]
    public static partial void Listening(ILogger logger, System.Net.EndPoint endPoint, string domain);
}
