using System.Text.Json;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace SendGateway.Server.Queue;

/// <summary>
/// Reads queue depth and age per shard and per destination domain (architecture §3), optionally for one tenant only:
/// then only that tenant's entries leave Redis, at most <see cref="QueueOptions.TenantInspectLimit"/> per call.
/// </summary>
internal sealed class QueueInspector(
    IConnectionMultiplexer redis, OutboundQueue queue, PoolLanes lanes, IDestinationRests throttle, IOptions<QueueOptions> options, TimeProvider time)
{
    /// <summary>
    /// KEYS: stream, schedule of one shard. ARGV: the tenant's <c>"tenant_id":"…"</c> as the entry JSON writes it, how
    /// many entries of each to look through, how many of the tenant's to return at most. Returns the tenant's stream
    /// entries, its scheduled ones, their due times (the schedule's scores, Unix ms, in the same order), and 1 when more
    /// of the tenant's were found than returned. A JSON string value cannot contain the marker (its quotes would be
    /// escaped); the caller checks the decoded tenant anyway.
    /// </summary>
    private const string TenantEntries = """
        local marker, limit, budget = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
        local ready, later, dues, more = {}, {}, {}, 0
        for _, entry in ipairs(redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', limit)) do
          local fields = entry[2]
          for i = 1, #fields, 2 do
            if fields[i] == 'e' and string.find(fields[i + 1], marker, 1, true) then
              if #ready < budget then ready[#ready + 1] = fields[i + 1] else more = 1 end
            end
          end
        end
        local scheduled = redis.call('ZRANGE', KEYS[2], 0, limit - 1, 'WITHSCORES')
        for i = 1, #scheduled, 2 do
          if string.find(scheduled[i], marker, 1, true) then
            if #ready + #later < budget then later[#later + 1] = scheduled[i]; dues[#dues + 1] = scheduled[i + 1] else more = 1 end
          end
        end
        return {ready, later, dues, more}
        """;

    public async Task<QueueSnapshot> InspectAsync(string? tenantId, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var limit = options.Value.InspectLimit;
        var now = time.GetUtcNow();
        var shards = new List<ShardQueueView>(queue.Shards);
        var domains = new Dictionary<string, (long Queued, long Scheduled, DateTimeOffset Oldest)>(StringComparer.OrdinalIgnoreCase);
        var held = new Dictionary<string, Dictionary<string, long>>(StringComparer.OrdinalIgnoreCase);
        var waiting = new QueueWaiting(0, 0, 0, null);
        var nowMs = now.ToUnixTimeMilliseconds();
        var complete = true;
        var budget = options.Value.TenantInspectLimit;
        var unserved = await lanes.UnservedAsync(cancellationToken); // no live node has the pool: its ready mail waits
        for (var shard = 0; shard < queue.Shards; shard++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var length = await db.StreamLengthAsync(QueueKeys.Stream(shard));
            var pending = length == 0 ? 0 : await PendingAsync(db, shard);
            var scheduled = await db.SortedSetLengthAsync(QueueKeys.Scheduled(shard));
            complete &= length <= limit && scheduled <= limit;
            DateTimeOffset? oldest = null;
            var (ready, later, more) = tenantId is null ? await ReadAllAsync(db, shard, limit) : await ReadTenantsAsync(db, shard, tenantId, limit, budget);
            complete &= !more;
            foreach (var e in ready.Select(Decode).OfType<QueueEntry>().Where(e => tenantId is null || e.TenantId == tenantId))
            {
                oldest = oldest is null || e.AcceptedAt < oldest ? e.AcceptedAt : oldest;
                waiting = waiting.WithReady(e.AcceptedAt);
                Add(domains, Addresses.DomainOf(e.Recipient), 1, 0, e.AcceptedAt);
                if (unserved.Contains(queue.LaneOf(shard)))
                {
                    CountHeld(held, Addresses.DomainOf(e.Recipient), HoldReasons.NoSourceAvailable);
                }
            }

            foreach (var scheduledEntry in later)
            {
                if (Decode(scheduledEntry.Element) is not { } e || (tenantId is not null && e.TenantId != tenantId))
                {
                    continue;
                }

                waiting = waiting.WithScheduled(e, dueLater: scheduledEntry.Score > nowMs);
                Add(domains, Addresses.DomainOf(e.Recipient), 0, 1, e.AcceptedAt);
                if (e.HeldReason is { } reason)
                {
                    CountHeld(held, Addresses.DomainOf(e.Recipient), reason);
                }
            }

            budget = Math.Max(0, budget - ready.Length - later.Length); // once spent, Redis still tells whether the tenant had more
            shards.Add(new ShardQueueView(shard, length, pending, scheduled, oldest is null ? null : (now - oldest.Value).TotalSeconds));
        }

        var byDomain = new List<DomainQueueView>(domains.Count);
        foreach (var (domain, (queued, scheduled, oldestAt)) in domains.OrderByDescending(d => d.Value.Queued + d.Value.Scheduled))
        {
            var backoff = await throttle.BackoffAsync(domain, cancellationToken);
            byDomain.Add(new DomainQueueView(domain, queued, scheduled, Math.Max(0, (now - oldestAt).TotalSeconds), backoff?.Remaining.TotalSeconds, backoff?.Reason,
                held.GetValueOrDefault(domain)));
        }

        return new QueueSnapshot(tenantId is null ? shards : null, byDomain, complete, waiting with { OldestWaitingSeconds = waiting.OldestAt is { } at ? Math.Max(0, (now - at).TotalSeconds) : null });
    }

    /// <summary>The operator's view: the first <paramref name="limit"/> entries of the shard's stream and schedule.</summary>
    private static async Task<(RedisValue[] Ready, SortedSetEntry[] Later, bool More)> ReadAllAsync(IDatabase db, int shard, int limit)
    {
        var ready = (await db.StreamRangeAsync(QueueKeys.Stream(shard), "-", "+", limit)).Select(e => e["e"]).ToArray();
        return (ready, await db.SortedSetRangeByRankWithScoresAsync(QueueKeys.Scheduled(shard), 0, limit - 1), false);
    }

    /// <summary>
    /// A tenant's view: Redis looks through the same first entries and sends back only the tenant's, at most
    /// <paramref name="budget"/> in all (<see cref="TenantEntries"/>); More says some were left out.
    /// </summary>
    private static async Task<(RedisValue[] Ready, SortedSetEntry[] Later, bool More)> ReadTenantsAsync(IDatabase db, int shard, string tenantId, int limit, int budget)
    {
        var marker = $"\"tenant_id\":\"{JsonEncodedText.Encode(tenantId)}\"";
        var result = (RedisResult[])(await db.ScriptEvaluateAsync(TenantEntries, [QueueKeys.Stream(shard), QueueKeys.Scheduled(shard)], [marker, limit, budget]))!;
        var members = (RedisValue[])result[1]!;
        var dues = (RedisValue[])result[2]!;
        return ((RedisValue[])result[0]!, members.Select((m, i) => new SortedSetEntry(m, (double)dues[i])).ToArray(), (long)result[3] == 1);
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

    private static void CountHeld(Dictionary<string, Dictionary<string, long>> held, string domain, string reason)
    {
        var reasons = held.TryGetValue(domain, out var r) ? r : held[domain] = new(StringComparer.Ordinal);
        reasons[reason] = reasons.GetValueOrDefault(reason) + 1;
    }

    private static QueueEntry? Decode(RedisValue value) =>
        value.IsNull ? null : JsonSerializer.Deserialize((string)value!, QueueJsonContext.Default.QueueEntry);

    private static void Add(Dictionary<string, (long Queued, long Scheduled, DateTimeOffset Oldest)> domains, string domain, long queued, long scheduled, DateTimeOffset acceptedAt)
    {
        var current = domains.TryGetValue(domain, out var c) ? c : (0, 0, DateTimeOffset.MaxValue);
        domains[domain] = (current.Queued + queued, current.Scheduled + scheduled, acceptedAt < current.Oldest ? acceptedAt : current.Oldest);
    }
}
