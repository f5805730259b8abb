namespace SendGateway.Server.Relay;

/// <summary>Relay logs: tenant, batch and counts only; never addresses, credentials or content.</summary>
internal static partial class RelayLog
{
    [LoggerMessage(4001, LogLevel.Debug, "Relay accepted batch {BatchId} of tenant {TenantId} with {Recipients} recipients")]
    public static partial void Accepted(ILogger logger, string batchId, string tenantId, int recipients);

    [LoggerMessage(4002, LogLevel.Error, "Relay could not reach its storage for tenant {TenantId}; answered 451")]
    public static partial void QueueFailed(ILogger logger, Exception exception, string tenantId);

    [LoggerMessage(4003, LogLevel.Warning, "Relay connection refused: {Reason}")]
    public static partial void Refused(ILogger logger, string reason);

    [LoggerMessage(4004, LogLevel.Information, "Relay stopping: waiting for {Sessions} open sessions to end (new and idle ones get 421)")]
    public static partial void Draining(ILogger logger, int sessions);

    [LoggerMessage(4005, LogLevel.Warning, "Relay stopping: the shutdown timeout ended the wait with {Sessions} sessions still open")]
    public static partial void DrainCut(ILogger logger, int sessions);

    [LoggerMessage(4006, LogLevel.Error, "Relay could not write the audit record of a refused sender of tenant {TenantId}")]
    public static partial void AuditFailed(ILogger logger, Exception exception, string tenantId);

    private static readonly Func<ILogger, string, IDisposable?> Connection = LoggerMessage.DefineScope<string>("Relay connection {ConnectionId}");

    /// <summary>Every line a relay session logs carries its connection id.</summary>
    public static IDisposable? ConnectionScope(ILogger logger, string connectionId) => Connection(logger, connectionId);
}
