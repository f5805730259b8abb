using Microsoft.Extensions.Caching.Memory;
using StackExchange.Redis;

namespace SendGateway.Server.Tenants;

/// <summary>
/// Makes a revocation take effect at once on every node: the revoking node drops its cached key row and publishes the
/// key id on a Redis channel; every node listening drops its copy (the row is re-read and found revoked).
/// </summary>
public sealed class ApiKeyRevocations(IConnectionMultiplexer redis, IMemoryCache cache, ILogger<ApiKeyRevocations> logger) : IHostedService
{
    private static readonly RedisChannel Channel = RedisChannel.Literal("sg:apikeys:revoked");

    public static string CacheKey(string keyId) => $"apikey:{keyId}";

    public async Task RevokedAsync(string keyId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        cache.Remove(CacheKey(keyId));
        await redis.GetSubscriber().PublishAsync(Channel, keyId);
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await redis.GetSubscriber().SubscribeAsync(Channel, (_, keyId) => cache.Remove(CacheKey((string)keyId!)));
        }
        catch (RedisException e)
        {
            // Without the subscription a revocation reaches this node when its cache entry expires (30 s).
            TenantsLog.SubscribeFailed(logger, e);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
