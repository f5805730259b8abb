namespace SendGateway.Server.Reputation;

internal static partial class ReputationLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Tenant {TenantId} paused by the reputation guard: {Reason}; its mail is accepted and held until an operator resumes it")]
    public static partial void Paused(ILogger logger, string tenantId, string reason);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Tenant {TenantId} warned by the reputation guard: {Reason}")]
    public static partial void Warned(ILogger logger, string tenantId, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Tenant {TenantId} paused by an operator; its mail is accepted and held")]
    public static partial void PausedByOperator(ILogger logger, string tenantId);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Tenant {TenantId} resumed by an operator; {Released} held entries made due, its rates count from now")]
    public static partial void Resumed(ILogger logger, string tenantId, long released);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "A reputation round failed ({Error}); the next round tries again")]
    public static partial void RoundFailed(ILogger logger, string error);

    [LoggerMessage(EventId = 6, Level = LogLevel.Error, Message = "A reputation round broke; the next round tries again")]
    public static partial void RoundBroke(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "The paused tenants could not be read ({Error}); the last list read stays in use")]
    public static partial void PausedNotRead(ILogger logger, string error);

    [LoggerMessage(EventId = 8, Level = LogLevel.Information, Message = "Tenant {TenantId} left the paused list on this node; {Released} held entries made due")]
    public static partial void Released(ILogger logger, string tenantId, long released);

    [LoggerMessage(EventId = 9, Level = LogLevel.Information, Message = "Tenant {TenantId} is paused: this node holds its mail from now")]
    public static partial void Holding(ILogger logger, string tenantId);
}
