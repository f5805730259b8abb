using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace SendGateway.Server.Storage;

/// <summary>
/// A change every node must apply to what it caches, at once: the node making it applies it and publishes it on a Redis
/// channel; every node listening applies it too (so applying it twice must do no harm). When Redis cannot be reached, the
/// other nodes catch up when their cache entries expire; subscribing is retried with a back-off until it succeeds, and
/// once subscribed, StackExchange.Redis restores the subscription after a reconnect.
/// </summary>
internal abstract class NodeBroadcast(
    string name, string channel, IConnectionMultiplexer redis, ILogger logger, IOptions<ResilienceOptions> resilience, TimeProvider time)
    : ResilientBackgroundService(name, logger, resilience, time)
{
    private readonly RedisChannel _channel = RedisChannel.Literal(channel);

    /// <summary>What the change means for this node's caches; also called on the node that broadcast it.</summary>
    protected abstract void Apply(string value);

    protected async Task BroadcastAsync(string value, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Apply(value);
        try
        {
            await redis.GetSubscriber().PublishAsync(_channel, value);
        }
        catch (Exception e) when (Outage.IsTransient(e))
        {
            Outage.Failed(e); // made in PostgreSQL all the same; the other nodes' cache entries expire
        }
    }

    protected sealed override async Task RunAsync(CancellationToken stoppingToken)
    {
        stoppingToken.ThrowIfCancellationRequested();
        await redis.GetSubscriber().SubscribeAsync(_channel, (_, value) => Apply((string)value!));
        Outage.Succeeded();
    }
}
