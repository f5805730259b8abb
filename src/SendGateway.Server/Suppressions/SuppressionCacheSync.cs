namespace SendGateway.Server.Suppressions;

/// <summary>
/// At start (events role): re-syncs the Redis mirror of every tenant whose mirrored count differs from its active rows in
/// PostgreSQL (a Redis restored from an older snapshot, expired entries to clear, a write that failed half-way).
/// </summary>
public sealed class SuppressionCacheSync(SuppressionStore store, SuppressionCache cache, ILogger<SuppressionCacheSync> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            foreach (var (tenantId, count) in await store.CountsAsync(stoppingToken))
            {
                if (await cache.CountAsync(tenantId, stoppingToken) != count)
                {
                    await cache.RebuildAsync(tenantId, store.ExportAsync(tenantId, stoppingToken), stoppingToken);
                    SuppressionsLog.Rebuilt(logger, tenantId, count);
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            SuppressionsLog.SyncFailed(logger, e);
        }
    }
}
