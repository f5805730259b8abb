namespace SendGateway.Server.SystemMail;

internal static partial class SystemMailLog
{
    [LoggerMessage(15001, LogLevel.Warning, "System mail from tenant {TenantId} was not accepted ({Status}); the link is shown to whoever made it instead")]
    public static partial void NotAccepted(ILogger logger, string tenantId, string status);

    [LoggerMessage(15002, LogLevel.Warning, "System mail from tenant {TenantId} could not be queued (storage unavailable); the link is shown to whoever made it instead")]
    public static partial void Unavailable(ILogger logger, string tenantId, Exception exception);
}
