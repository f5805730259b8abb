using SendGateway.Server.Queue;
using StackExchange.Redis;

namespace SendGateway.IntegrationTests.Infrastructure;

/// <summary>Reads the delivery queue straight from Redis (SendGatewayFactory's four shards), for tests that must know nothing is left to deliver.</summary>
public static class QueueProbe
{
    public const int Shards = 4; // SendGatewayFactory's SendGateway:Queue:Shards

    /// <summary>Entries in the shard streams plus entries waiting in the schedules: 0 once every accepted recipient has had its final attempt.</summary>
    public static async Task<long> WaitingAsync(IDatabase db)
    {
        long waiting = 0;
        for (var shard = 0; shard < Shards; shard++)
        {
            waiting += await db.StreamLengthAsync(QueueKeys.Stream(shard)) + await db.SortedSetLengthAsync(QueueKeys.Scheduled(shard));
        }

        return waiting;
    }

    /// <summary>Entries read by a worker and not yet acknowledged, over all shards.</summary>
    public static async Task<long> PendingAsync(IDatabase db)
    {
        long pending = 0;
        for (var shard = 0; shard < Shards; shard++)
        {
            if (await db.KeyExistsAsync(QueueKeys.Stream(shard)))
            {
                pending += (await db.StreamPendingAsync(QueueKeys.Stream(shard), QueueKeys.DeliveryGroup)).PendingMessageCount;
            }
        }

        return pending;
    }
}
