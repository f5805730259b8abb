using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using SendGateway.Server.Storage;
using StackExchange.Redis;

namespace SendGateway.Server.Tenants;

/// <summary>
/// Makes a revocation take effect at once on every node: the revoking node drops its cached key row and publishes the
/// key id on a Redis channel; every node listening drops its copy (the row is re-read and found revoked). While Redis
/// cannot be reached, a revocation reaches another node when its 30 s cache entry expires.
/// </summary>
internal sealed class ApiKeyRevocations(
    IConnectionMultiplexer redis, IMemoryCache cache, IOptions<ResilienceOptions> resilience, TimeProvider time, ILogger<ApiKeyRevocations> logger)
    : NodeBroadcast("API key revocations", "sg:apikeys:revoked", redis, logger, resilience, time)
{
    public static string CacheKey(string keyId) => $"apikey:{keyId}";

    public Task RevokedAsync(string keyId, CancellationToken cancellationToken) => BroadcastAsync(keyId, cancellationToken);

    protected override void Apply(string value) => cache.Remove(CacheKey(value));
}
