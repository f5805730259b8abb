using System.Text.Json;
using Microsoft.Extensions.Options;
using SendGateway.Server.Messages;
using StackExchange.Redis;

namespace SendGateway.Server.Queue;

/// <summary>Reads queue depth and age per shard and per destination domain (architecture §3), optionally for one tenant only.</summary>
public sealed class QueueInspector(IConnectionMultiplexer redis, OutboundQueue queue, IDestinationRests throttle, IOptions<QueueOptions> options, TimeProvider time)
{
    public async Task<QueueSnapshot> InspectAsync(string? tenantId, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var limit = options.Value.InspectLimit;
        var now = time.GetUtcNow();
        var shards = new List<ShardQueueView>(queue.Shards);
        var domains = new Dictionary<string, (long Queued, long Scheduled, DateTimeOffset Oldest)>(StringComparer.OrdinalIgnoreCase);
        var complete = true;
        for (var shard = 0; shard < queue.Shards; shard++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var length = await db.StreamLengthAsync(QueueKeys.Stream(shard));
            var pending = length == 0 ? 0 : await PendingAsync(db, shard);
            var scheduled = await db.SortedSetLengthAsync(QueueKeys.Scheduled(shard));
            complete &= length <= limit && scheduled <= limit;
            DateTimeOffset? oldest = null;
            foreach (var entry in await db.StreamRangeAsync(QueueKeys.Stream(shard), "-", "+", limit))
            {
                if (Decode(entry["e"]) is { } e && (tenantId is null || e.TenantId == tenantId))
                {
                    oldest = oldest is null || e.AcceptedAt < oldest ? e.AcceptedAt : oldest;
                    Add(domains, Addresses.DomainOf(e.Recipient), 1, 0, e.AcceptedAt);
                }
            }

            foreach (var member in await db.SortedSetRangeByRankAsync(QueueKeys.Scheduled(shard), 0, limit - 1))
            {
                if (Decode(member) is { } e && (tenantId is null || e.TenantId == tenantId))
                {
                    Add(domains, Addresses.DomainOf(e.Recipient), 0, 1, e.AcceptedAt);
                }
            }

            shards.Add(new ShardQueueView(shard, length, pending, scheduled, oldest is null ? null : (now - oldest.Value).TotalSeconds));
        }

        var byDomain = new List<DomainQueueView>(domains.Count);
        foreach (var (domain, (queued, scheduled, oldestAt)) in domains.OrderByDescending(d => d.Value.Queued + d.Value.Scheduled))
        {
            var backoff = await throttle.BackoffAsync(domain, cancellationToken);
            byDomain.Add(new DomainQueueView(domain, queued, scheduled, Math.Max(0, (now - oldestAt).TotalSeconds), backoff?.Remaining.TotalSeconds, backoff?.Reason));
        }

        return new QueueSnapshot(tenantId is null ? shards : null, byDomain, complete);
    }

    private static async Task<long> PendingAsync(IDatabase db, int shard)
    {
        try
        {
            return (await db.StreamPendingAsync(QueueKeys.Stream(shard), QueueKeys.DeliveryGroup)).PendingMessageCount;
        }
        catch (RedisServerException e) when (e.Message.StartsWith("NOGROUP", StringComparison.Ordinal))
        {
            return 0; // no delivery worker has started yet: nothing is in flight
        }
    }

    private static QueueEntry? Decode(RedisValue value) =>
        value.IsNull ? null : JsonSerializer.Deserialize((string)value!, QueueJsonContext.Default.QueueEntry);

    private static void Add(Dictionary<string, (long Queued, long Scheduled, DateTimeOffset Oldest)> domains, string domain, long queued, long scheduled, DateTimeOffset acceptedAt)
    {
        var current = domains.TryGetValue(domain, out var c) ? c : (0, 0, DateTimeOffset.MaxValue);
        domains[domain] = (current.Queued + queued, current.Scheduled + scheduled, acceptedAt < current.Oldest ? acceptedAt : current.Oldest);
    }
}
