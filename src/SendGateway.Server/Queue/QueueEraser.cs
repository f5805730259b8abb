using System.Runtime.CompilerServices;
using System.Text.Json;
using SendGateway.Server.EventContract;
using StackExchange.Redis;

namespace SendGateway.Server.Queue;

/// <summary>
/// The Redis side of an erasure: queued and scheduled entries for the recipients (their sends are cancelled and their
/// batch bodies released), not yet ingested events, their dead letters (counted with the queued entries or the events,
/// by where they came from), and stored idempotent responses that name them. Tenant-scoped. With no recipients given
/// (<see cref="EraseTenantAsync"/>): all of a tenant's, for its deletion. An entry that cannot be decoded names no
/// tenant or recipient: it is left where it is, counted in a warning per stream, and the erasure goes on.
/// </summary>
internal sealed class QueueEraser(IConnectionMultiplexer redis, OutboundQueue queue, Idempotency.IdempotencyStore idempotency, ILogger<QueueEraser> logger)
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
            var (deadQueued, deadEvents) = await EraseDeadLettersAsync(db, shard, tenantId, recipient, cancellationToken);
            queued += deadQueued;
            events += deadEvents;
        }

        return (queued, events, await idempotency.EraseAsync(tenantId, storedResponse, cancellationToken));
    }

    private async Task<long> EraseStreamAsync(
        IDatabase db, string key, string group, int shard, string tenantId, Func<string, bool> matches, bool isEvent, CancellationToken cancellationToken)
    {
        long erased = 0, undecodable = 0;
        await foreach (var entry in RangeAsync(db, key, cancellationToken))
        {
            if (Decode(entry["e"], isEvent) is not { } owner)
            {
                undecodable++;
            }
            else if (owner.TenantId == tenantId && matches(owner.Recipient.ToLowerInvariant()))
            {
                await db.StreamAcknowledgeAsync(key, group, entry.Id);
                await db.StreamDeleteAsync(key, [entry.Id]);
                if (!isEvent)
                {
                    await ReleaseBodyAsync(db, shard, owner.BatchId);
                }

                erased++;
            }
        }

        LogUndecodable(key, undecodable);
        return erased;
    }

    /// <summary>
    /// The shard's dead letters of the tenant's recipients (<see cref="DeadLetters"/>: the original fields behind
    /// <c>dl:</c> metadata, the source saying whether it held a queue entry or an event); a queue entry's body is released
    /// as for a queued one. Returns (queue entries, events) erased.
    /// </summary>
    private async Task<(long Queued, long Events)> EraseDeadLettersAsync(IDatabase db, int shard, string tenantId, Func<string, bool> matches, CancellationToken cancellationToken)
    {
        var key = DeadLetters.Key(shard);
        long queued = 0, events = 0, undecodable = 0;
        await foreach (var entry in RangeAsync(db, key, cancellationToken))
        {
            var isEvent = entry["dl:source"] == DeadLetters.EventsSource;
            if (Decode(entry["e"], isEvent) is not { } owner)
            {
                undecodable++;
            }
            else if (owner.TenantId == tenantId && matches(owner.Recipient.ToLowerInvariant()) && await db.StreamDeleteAsync(key, [entry.Id]) == 1)
            {
                if (isEvent)
                {
                    events++;
                }
                else
                {
                    await ReleaseBodyAsync(db, shard, owner.BatchId);
                    queued++;
                }
            }
        }

        LogUndecodable(key, undecodable);
        return (queued, events);
    }

    /// <summary>Every entry of a stream, a page at a time.</summary>
    private static async IAsyncEnumerable<StreamEntry> RangeAsync(IDatabase db, string key, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        RedisValue from = "-";
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var page = await db.StreamRangeAsync(key, from, "+", Page);
            foreach (var entry in page)
            {
                yield return entry;
            }

            if (page.Length < Page)
            {
                yield break;
            }

            from = "(" + page[^1].Id;
        }
    }

    /// <summary>Whose entry this is; null when it is missing, not JSON or lacks a tenant or recipient.</summary>
    private static (string TenantId, string Recipient, string BatchId)? Decode(RedisValue json, bool isEvent)
    {
        if (json.IsNullOrEmpty)
        {
            return null;
        }

        try
        {
            var span = ((ReadOnlyMemory<byte>)json).Span;
            var (tenant, recipient, batchId) = isEvent
                ? JsonSerializer.Deserialize(span, EventJsonContext.Default.EventRecord) is { } e ? (e.TenantId, e.Recipient, e.BatchId) : default
                : JsonSerializer.Deserialize(span, QueueJsonContext.Default.QueueEntry) is { } q ? (q.TenantId, q.Recipient, q.BatchId) : default;
            return tenant is null || recipient is null || batchId is null ? null : (tenant, recipient, batchId);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private void LogUndecodable(string key, long count)
    {
        if (count > 0)
        {
            QueueLog.ErasureSkippedUndecodable(logger, key, count);
        }
    }

    private async Task<long> EraseScheduledAsync(IDatabase db, int shard, string tenantId, Func<string, bool> matches, CancellationToken cancellationToken)
    {
        long erased = 0, undecodable = 0;
        var members = await db.SortedSetRangeByRankAsync(QueueKeys.Scheduled(shard));
        foreach (var member in members)
        {
            cancellationToken.ThrowIfCancellationRequested();
            QueueEntry? entry;
            try
            {
                entry = member.IsNullOrEmpty ? null : JsonSerializer.Deserialize(((ReadOnlyMemory<byte>)member).Span, QueueJsonContext.Default.QueueEntry);
            }
            catch (JsonException)
            {
                entry = null;
            }

            if (entry?.TenantId is null || entry.Recipient is null)
            {
                undecodable++;
            }
            else if (entry.TenantId == tenantId && matches(entry.Recipient.ToLowerInvariant()) && await db.SortedSetRemoveAsync(QueueKeys.Scheduled(shard), member))
            {
                await db.HashDeleteAsync(QueueKeys.ScheduledIndex(shard), entry.Id);
                await ReleaseBodyAsync(db, shard, entry.BatchId);
                erased++;
            }
        }

        LogUndecodable(QueueKeys.Scheduled(shard), undecodable);
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
