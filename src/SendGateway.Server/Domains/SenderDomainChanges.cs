using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using SendGateway.Server.Storage;
using StackExchange.Redis;

namespace SendGateway.Server.Domains;

/// <summary>
/// Makes a domain's verification or its end take effect at once on every node's accept path: the node that changed it
/// drops its cached answer of <see cref="Messages.SenderDomains"/> and publishes <c>tenant/name</c>; every node listening
/// drops its copy. While Redis cannot be reached, another node sees the change when its 30 s entry expires.
/// </summary>
public sealed class SenderDomainChanges(
    IConnectionMultiplexer redis, IMemoryCache cache, IOptions<ResilienceOptions> resilience, TimeProvider time, ILogger<SenderDomainChanges> logger)
    : NodeBroadcast("Sender domain changes", "sg:domains:changed", redis, logger, resilience, time)
{
    public static string CacheKey(string tenantId, string domain) => $"sender:{tenantId}/{domain}";

    public Task ChangedAsync(string tenantId, string domain, CancellationToken cancellationToken) => BroadcastAsync($"{tenantId}/{domain}", cancellationToken);

    protected override void Apply(string value)
    {
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0)
        {
            cache.Remove(CacheKey(value[..slash], value[(slash + 1)..]));
        }
    }
}
