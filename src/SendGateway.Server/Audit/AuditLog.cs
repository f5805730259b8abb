namespace SendGateway.Server.Audit;

internal static partial class AuditLog
{
    [LoggerMessage(11001, LogLevel.Error, "Writing the audit record of {Route} failed")]
    public static partial void AppendFailed(ILogger logger, Exception exception, string route);
}
