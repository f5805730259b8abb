namespace SendGateway.Server.Tenants;

internal static partial class TenantsLog
{
    [LoggerMessage(9001, LogLevel.Warning, "Could not subscribe to API key revocations; revoked keys expire from this node's cache within 30 s")]
    public static partial void SubscribeFailed(ILogger logger, Exception exception);
}
