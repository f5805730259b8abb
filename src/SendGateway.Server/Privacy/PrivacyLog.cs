namespace SendGateway.Server.Privacy;

internal static partial class PrivacyLog
{
    [LoggerMessage(10001, LogLevel.Information,
        "Retention run: {Anonymized} messages anonymised, {Partitions} event partitions dropped, {Events} events, {Messages} messages, {Batches} webhook batches, {Deliveries} webhook attempts and {DeadLetters} Redis dead letters deleted")]
    public static partial void Report(ILogger logger, long anonymized, long partitions, long events, long messages, long batches, long deliveries, long deadLetters);

    [LoggerMessage(10003, LogLevel.Warning, "Tenant {TenantId} deleted: {Rows} PostgreSQL rows and {RedisItems} Redis entries and keys removed")]
    public static partial void TenantDeleted(ILogger logger, string tenantId, long rows, long redisItems);
}
