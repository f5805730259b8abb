namespace SendGateway.Server.Demo;

internal static partial class DemoLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "The demo sender domain {Domain} could not be marked verified (not a domain name, or verified by another tenant): sends from it are refused")]
    public static partial void DomainNotVerified(ILogger logger, string domain);
}
