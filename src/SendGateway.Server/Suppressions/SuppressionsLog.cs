namespace SendGateway.Server.Suppressions;

internal static partial class SuppressionsLog
{
    [LoggerMessage(8001, LogLevel.Information, "Rebuilt the suppression mirror of tenant {TenantId} ({Count} entries)")]
    public static partial void Rebuilt(ILogger logger, string tenantId, long count);

    [LoggerMessage(8002, LogLevel.Information, "Discarded {Count} events about erased recipients (an attempt in flight during the erasure, or a send dropped after it)")]
    public static partial void ErasedEventsDiscarded(ILogger logger, int count);
}
