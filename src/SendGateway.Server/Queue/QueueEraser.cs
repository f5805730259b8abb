using System.Text.Json;
using SendGateway.Server.Events;
using StackExchange.Redis;

namespace SendGateway.Server.Queue;

/// <summary>
/// The Redis side of an erasure: queued and scheduled entries for the recipients (their sends are cancelled and their
/// batch bodies released), not yet ingested events, and stored idempotent responses that name them. Tenant-scoped.
/// With no recipients given (<see cref="EraseTenantAsync"/>): all of a tenant's, for its deletion.
/// </summary>
public sealed class QueueEraser(IConnectionMultiplexer redis, OutboundQueue queue, Idempotency.IdempotencyStore idempotency)
{
    private const int Page = 1000;

    public Task<(long Queued, long Events, long Idempotency)> EraseAsync(string tenantId, IReadOnlySet<string> emails, CancellationToken cancellationToken) =>
        EraseAsync(tenantId, emails.Contains, value => emails.Any(value.Contains), cancellationToken);

    /// <summary>Every queued and scheduled entry, pending event and stored response of the tenant.</summary>
    public Task<(long Queued, long Events, long Idempotency)> EraseTenantAsync(string tenantId, CancellationToken cancellationToken) =>
        EraseAsync(tenantId, _ => true, _ => true, cancellationToken);

    private async Task<(long Queued, long Events, long Idempotency)> EraseAsync(
        string tenantId, Func<string, bool> recipient, Func<string, bool> storedResponse, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        long queued = 0, events = 0;
        for (var shard = 0; shard < queue.Shards; shard++)
        {
            queued += await EraseStreamAsync(db, QueueKeys.Stream(shard), QueueKeys.DeliveryGroup, shard, tenantId, recipient, isEvent: false, cancellationToken);
            events += await EraseStreamAsync(db, QueueKeys.Events(shard), QueueKeys.IngestGroup, shard, tenantId, recipient, isEvent: true, cancellationToken);
            queued += await EraseScheduledAsync(db, shard, tenantId, recipient, cancellationToken);
        }

        return (queued, events, await idempotency.EraseAsync(tenantId, storedResponse, cancellationToken));
    }

    private static async Task<long> EraseStreamAsync(
        IDatabase db, string key, string group, int shard, string tenantId, Func<string, bool> matches, bool isEvent, CancellationToken cancellationToken)
    {
        long erased = 0;
        RedisValue from = "-";
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var page = await db.StreamRangeAsync(key, from, "+", Page);
            foreach (var entry in page)
            {
                var json = (string?)entry["e"];
                var (tenant, recipient, batchId) = isEvent
                    ? JsonSerializer.Deserialize(json ?? "{}", QueueJsonContext.Default.EventRecord) is { } e ? (e.TenantId, e.Recipient, e.BatchId) : default
                    : JsonSerializer.Deserialize(json ?? "{}", QueueJsonContext.Default.QueueEntry) is { } q ? (q.TenantId, q.Recipient, q.BatchId) : default;
                if (tenant == tenantId && recipient is not null && matches(recipient.ToLowerInvariant()))
                {
                    await db.StreamAcknowledgeAsync(key, group, entry.Id);
                    await db.StreamDeleteAsync(key, [entry.Id]);
                    if (!isEvent)
                    {
                        await ReleaseBodyAsync(db, shard, batchId!);
                    }

                    erased++;
                }
            }

            if (page.Length < Page)
            {
                return erased;
            }

            from = "(" + page[^1].Id;
        }
    }

    private static async Task<long> EraseScheduledAsync(IDatabase db, int shard, string tenantId, Func<string, bool> matches, CancellationToken cancellationToken)
    {
        long erased = 0;
        var members = await db.SortedSetRangeByRankAsync(QueueKeys.Scheduled(shard));
        foreach (var member in members)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (JsonSerializer.Deserialize((string)member!, QueueJsonContext.Default.QueueEntry) is { } entry && entry.TenantId == tenantId &&
                matches(entry.Recipient.ToLowerInvariant()) && await db.SortedSetRemoveAsync(QueueKeys.Scheduled(shard), member))
            {
                await db.HashDeleteAsync(QueueKeys.ScheduledIndex(shard), entry.Id);
                await ReleaseBodyAsync(db, shard, entry.BatchId);
                erased++;
            }
        }

        return erased;
    }

    private static async Task ReleaseBodyAsync(IDatabase db, int shard, string batchId)
    {
        var body = QueueKeys.Body(shard, batchId);
        if (await db.HashIncrementAsync(body, "r", -1) <= 0)
        {
            await db.KeyDeleteAsync(body);
        }
    }
}
