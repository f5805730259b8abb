using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using SendGateway.Server.Storage;
using StackExchange.Redis;

namespace SendGateway.Server.Tenants;

/// <summary>
/// Makes a revocation take effect at once on every node: the revoking node drops its cached key row and publishes the
/// key id on a Redis channel; every node listening drops its copy (the row is re-read and found revoked). When Redis is
/// down at start, subscribing is retried with a back-off until it succeeds (meanwhile a revocation reaches this node
/// when its 30 s cache entry expires); once subscribed, StackExchange.Redis restores the subscription after a reconnect.
/// </summary>
public sealed class ApiKeyRevocations(
    IConnectionMultiplexer redis, IMemoryCache cache, IOptions<ResilienceOptions> resilience, TimeProvider time, ILogger<ApiKeyRevocations> logger)
    : ResilientBackgroundService("API key revocations", logger, resilience, time)
{
    private static readonly RedisChannel Channel = RedisChannel.Literal("sg:apikeys:revoked");

    public static string CacheKey(string keyId) => $"apikey:{keyId}";

    public async Task RevokedAsync(string keyId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        cache.Remove(CacheKey(keyId));
        try
        {
            await redis.GetSubscriber().PublishAsync(Channel, keyId);
        }
        catch (Exception e) when (Outage.IsTransient(e))
        {
            Outage.Failed(e); // revoked in PostgreSQL all the same; other nodes drop their cached row within 30 s
        }
    }

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        stoppingToken.ThrowIfCancellationRequested();
        await redis.GetSubscriber().SubscribeAsync(Channel, (_, keyId) => cache.Remove(CacheKey((string)keyId!)));
        Outage.Succeeded();
    }
}
