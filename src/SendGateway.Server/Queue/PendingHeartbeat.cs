using StackExchange.Redis;

namespace SendGateway.Server.Queue;

/// <summary>
/// Keeps entries a worker is still attempting from looking abandoned (reliability.md T88): XCLAIM … JUSTID to the same
/// consumer resets their idle time without counting a delivery, so the reclaim (XAUTOCLAIM past
/// <c>Delivery:ReclaimIdleTime</c>) never takes over an attempt that is merely slow, such as one held by a tarpit.
/// </summary>
internal sealed class PendingHeartbeat(IConnectionMultiplexer redis)
{
    public async Task TouchAsync(int shard, string consumer, RedisValue[] ids, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await redis.GetDatabase().StreamClaimIdsOnlyAsync(QueueKeys.Stream(shard), QueueKeys.DeliveryGroup, consumer, 0, ids);
    }
}
