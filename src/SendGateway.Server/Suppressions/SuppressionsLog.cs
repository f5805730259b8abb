namespace SendGateway.Server.Suppressions;

internal static partial class SuppressionsLog
{
    [LoggerMessage(8001, LogLevel.Information, "Rebuilt the suppression mirror of tenant {TenantId} ({Count} entries)")]
    public static partial void Rebuilt(ILogger logger, string tenantId, long count);
}
