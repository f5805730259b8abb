using System.Text.Json;
using Microsoft.Extensions.Options;
using SendGateway.Server.Queue;
using StackExchange.Redis;

namespace SendGateway.Server.QueueControls;

/// <summary>
/// Makes the scheduled mail a new bounce control names due now, so its <c>dropped</c> event comes on the next pass rather
/// than at its retry or send time. A tenant's or a domain's mail is told from the entry; a pool's is not (the pool is in the
/// batch's sealed content), so for a pool only entries already attempted or held are made due (a retry early, at worst)
/// and messages scheduled for later are dropped at their time. Each shard's schedule is read in chunks of
/// <c>PromoteChunk</c>; an entry changed meanwhile is left as it is (<c>ZADD XX</c> of the member read).
/// </summary>
internal sealed class BouncePromotion(IConnectionMultiplexer redis, OutboundQueue queue, TimeProvider time, IOptions<QueueControlsOptions> options)
{
    public async Task<long> PromoteAsync(IReadOnlyList<QueueControl> bounces, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var chunk = options.Value.PromoteChunk;
        long promoted = 0;
        for (var shard = 0; shard < queue.Shards; shard++)
        {
            for (var start = 0L; ; start += chunk)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var members = await db.SortedSetRangeByRankAsync(QueueKeys.Scheduled(shard), start, start + chunk - 1);
                var due = members.Where(m => Matches(m, bounces)).Select(m => new SortedSetEntry(m, time.GetUtcNow().ToUnixTimeMilliseconds())).ToArray();
                if (due.Length > 0)
                {
                    promoted += due.Length;
                    await db.SortedSetAddAsync(QueueKeys.Scheduled(shard), due, SortedSetWhen.Exists);
                }

                if (members.Length < chunk)
                {
                    break;
                }
            }
        }

        return promoted;
    }

    private static bool Matches(RedisValue member, IReadOnlyList<QueueControl> bounces)
    {
        QueueEntry? entry;
        try
        {
            entry = JsonSerializer.Deserialize((string)member!, QueueJsonContext.Default.QueueEntry);
        }
        catch (JsonException)
        {
            return false; // not ours to judge: the worker's own pass deals with it
        }

        if (entry is null)
        {
            return false;
        }

        var domain = Addresses.DomainOf(entry.Recipient);
        return bounces.Any(b => entry.AcceptedAt < QueueControlSet.Utc(b.CreatedAt) && (b.Scope == QueueControlNames.Pool
            ? entry.HoldKey is not null || entry.Attempt > 0
            : QueueControlSet.Names(b, entry.TenantId, domain)));
    }
}
