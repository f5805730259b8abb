using System.Text.Json;
using SendGateway.Server.Events;
using SendGateway.Server.Queue;
using StackExchange.Redis;

namespace SendGateway.Server.Privacy;

/// <summary>
/// The Redis side of an erasure: queued and scheduled entries for the recipients (their sends are cancelled and their
/// batch bodies released), not yet ingested events, and stored idempotent responses that name them. Tenant-scoped.
/// With no recipients given (<see cref="EraseTenantAsync"/>): all of a tenant's, for its deletion.
/// </summary>
public sealed class QueueEraser(IConnectionMultiplexer redis, OutboundQueue queue)
{
    private const int Page = 1000;

    public Task<(long Queued, long Events, long Idempotency)> EraseAsync(string tenantId, IReadOnlySet<string> emails, CancellationToken cancellationToken) =>
        EraseAsync(tenantId, emails.Contains, value => emails.Any(value.Contains), cancellationToken);

    /// <summary>Every queued and scheduled entry, pending event and stored response of the tenant.</summary>
    public Task<(long Queued, long Events, long Idempotency)> EraseTenantAsync(string tenantId, CancellationToken cancellationToken) =>
        EraseAsync(tenantId, _ => true, _ => true, cancellationToken);

    /// <summary>Deletes the tenant's own keys: its suppression mirror, quota counters and the named extra keys (its API keys' address lists).</summary>
    public async Task<long> DeleteTenantKeysAsync(string tenantId, IEnumerable<string> extraKeys, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var keys = new List<RedisKey>(extraKeys.Select(k => (RedisKey)k)) { Suppressions.SuppressionCache.Key(tenantId) };
        await foreach (var key in KeysAsync(db, $"sg:quota:{{t:{tenantId}}}:*", cancellationToken))
        {
            keys.Add(key);
        }

        long deleted = 0;
        foreach (var key in keys)
        {
            deleted += await db.KeyDeleteAsync(key) ? 1 : 0; // one by one: on a cluster the keys live in different slots
        }

        return deleted;
    }

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

        return (queued, events, await EraseIdempotencyAsync(db, tenantId, storedResponse, cancellationToken));
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

    private async Task<long> EraseIdempotencyAsync(IDatabase db, string tenantId, Func<string, bool> matches, CancellationToken cancellationToken)
    {
        long erased = 0;
        await foreach (var key in KeysAsync(db, $"sg:idem:{tenantId}:*", cancellationToken))
        {
            var value = ((string?)await db.StringGetAsync(key))?.ToLowerInvariant();
            if (value is not null && matches(value) && await db.KeyDeleteAsync(key))
            {
                erased++;
            }
        }

        return erased;
    }

    /// <summary>Keys matching a pattern on every primary (SCAN, a page at a time).</summary>
    private async IAsyncEnumerable<RedisKey> KeysAsync(IDatabase db, string pattern, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var endPoint in redis.GetEndPoints())
        {
            var server = redis.GetServer(endPoint);
            if (server.IsReplica)
            {
                continue;
            }

            await foreach (var key in server.KeysAsync(db.Database, pattern, pageSize: Page).WithCancellation(cancellationToken))
            {
                yield return key;
            }
        }
    }
}
