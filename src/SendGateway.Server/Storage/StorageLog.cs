namespace SendGateway.Server.Storage;

internal static partial class StorageLog
{
    [LoggerMessage(1001, LogLevel.Information, "Applied migration {Version}")]
    public static partial void MigrationApplied(ILogger logger, string version);

    [LoggerMessage(1002, LogLevel.Information, "Migrations are up to date ({Applied} applied now)")]
    public static partial void MigrationsDone(ILogger logger, int applied);
}
