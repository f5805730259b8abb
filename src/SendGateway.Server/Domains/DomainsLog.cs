namespace SendGateway.Server.Domains;

internal static partial class DomainsLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "The verified tracking hosts could not be reloaded ({Error}); the last list stays in use")]
    public static partial void TrackingHostsNotLoaded(ILogger logger, string error);
}
