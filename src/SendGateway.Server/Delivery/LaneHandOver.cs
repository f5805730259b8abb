using System.Text.Json;
using SendGateway.Server.Delivery.Pipeline;
using SendGateway.Server.Queue;
using StackExchange.Redis;

namespace SendGateway.Server.Delivery;

/// <summary>
/// Puts a deferred entry back on the schedule (with why and what holds it), or, when it waits for another pool's
/// addresses (an operator rebound its pool) and that pool has a lane of its own, hands it over to that lane, whose nodes
/// have the addresses: its body is copied to the other shard, the entry queued there, then completed here. Two slots on a
/// Redis Cluster, so not atomic: a process killed in between leaves the entry in both lanes (sent twice at worst).
/// </summary>
internal sealed class LaneHandOver(IConnectionMultiplexer redis, OutboundQueue queue, PoolLanes lanes, RetrySchedule schedule, TimeProvider time)
{
    private const string PoolPrefix = "pool:";

    public async Task DeferAsync(LeasedEntry leased, DeliveryOutcome outcome, TimeSpan deferFor, CancellationToken cancellationToken)
    {
        var entry = leased.Entry;
        if (outcome is { Reason: HoldReasons.NoSourceAvailable, HoldKey: { } key } && key.StartsWith(PoolPrefix, StringComparison.Ordinal)
            && await lanes.LaneOfAsync(key[PoolPrefix.Length..], cancellationToken) is var lane && lane != queue.LaneOf(leased.Shard)
            && await MoveAsync(leased, queue.ShardOf(Addresses.DomainOf(entry.Recipient), lane), cancellationToken))
        {
            return;
        }

        // Back to the schedule with why (for the queue views) and what holds it (released at once when that ends): no
        // attempt, no event; never past the lifetime's end.
        var waiting = entry with { HeldReason = outcome.Reason, HoldKey = outcome.HoldKey };
        await queue.CompleteAsync(leased, [], waiting, schedule.NotPastExpiry(entry, time.GetUtcNow() + deferFor), cancellationToken);
    }

    private async Task<bool> MoveAsync(LeasedEntry leased, int shard, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var db = redis.GetDatabase();
        var body = QueueKeys.Body(leased.Shard, leased.Entry.BatchId);
        var values = await db.HashGetAsync(body, ["c", "m"]);
        var ttl = await db.KeyTimeToLiveAsync(body);
        if (values[0].IsNull || ttl is not { } left)
        {
            return false; // the content is gone: the entry meets that on the schedule like any other
        }

        var moved = leased.Entry with { Shard = shard, HeldReason = null, HoldKey = null };
        await db.ScriptEvaluateAsync(QueueScripts.HandOver, [QueueKeys.Body(shard, moved.BatchId), QueueKeys.Stream(shard)],
            [values[0], values[1].IsNull ? string.Empty : values[1], (long)left.TotalMilliseconds, JsonSerializer.Serialize(moved, QueueJsonContext.Default.QueueEntry)]);
        await queue.CompleteAsync(leased, [], null, time.GetUtcNow(), cancellationToken); // acknowledged here, its body share released
        return true;
    }
}
