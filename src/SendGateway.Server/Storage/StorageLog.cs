namespace SendGateway.Server.Storage;

internal static partial class StorageLog
{
    [LoggerMessage(1001, LogLevel.Debug, "Applied migration {Version}")]
    public static partial void MigrationApplied(ILogger logger, string version);

    [LoggerMessage(1002, LogLevel.Information, "Migrations are up to date ({Applied} applied now)")]
    public static partial void MigrationsDone(ILogger logger, int applied);

    [LoggerMessage(1003, LogLevel.Warning, "{Loop}: storage unavailable ({Error}: {Detail}); retrying with a back-off until it answers (logged once per outage)")]
    public static partial void OutageStarted(ILogger logger, string loop, string error, string detail);

    [LoggerMessage(1004, LogLevel.Information, "{Loop}: storage answers again after {Seconds:F1} s ({Failures} failed tries)")]
    public static partial void OutageEnded(ILogger logger, string loop, double seconds, long failures);

    [LoggerMessage(1005, LogLevel.Error, "{Loop} failed unexpectedly; restarting it after a pause")]
    public static partial void LoopFailed(ILogger logger, Exception exception, string loop);
}
