namespace SendGateway.Server.Domains;

internal static partial class DomainsLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "The verified tracking hosts could not be reloaded ({Error}); the last list stays in use")]
    public static partial void TrackingHostsNotLoaded(ILogger logger, string error);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Sender domain {Domain} of tenant {TenantId} stopped sending: its DKIM record was missing {Checks} checks in a row")]
    public static partial void Unverified(ILogger logger, string tenantId, string domain, int checks);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "{Count} pending domain claim(s) expired unverified and were removed")]
    public static partial void PendingExpired(ILogger logger, int count);
}
