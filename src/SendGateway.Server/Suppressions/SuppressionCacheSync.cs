using Microsoft.Extensions.Options;
using SendGateway.Server.Storage;

namespace SendGateway.Server.Suppressions;

/// <summary>
/// At start (events role): re-syncs the Redis mirror of every tenant whose mirrored count differs from its active rows in
/// PostgreSQL (a Redis restored from an older snapshot, expired entries to clear, a write that failed half-way). When a
/// store is down it tries again after a back-off until one run completes.
/// </summary>
internal sealed class SuppressionCacheSync(
    SuppressionStore store, SuppressionCache cache, IOptions<ResilienceOptions> resilience, TimeProvider time, ILogger<SuppressionCacheSync> logger)
    : ResilientBackgroundService("Suppression mirror sync", logger, resilience, time)
{
    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        foreach (var (tenantId, count) in await store.CountsAsync(stoppingToken))
        {
            if (await cache.CountAsync(tenantId, stoppingToken) != count)
            {
                await cache.RebuildAsync(tenantId, store.ExportAsync(tenantId, stoppingToken), stoppingToken);
                SuppressionsLog.Rebuilt(logger, tenantId, count);
            }
        }

        Outage.Succeeded();
    }
}
