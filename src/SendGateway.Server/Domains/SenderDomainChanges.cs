using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using SendGateway.Server.Storage;
using StackExchange.Redis;

namespace SendGateway.Server.Domains;

/// <summary>
/// Makes a domain's verification, its end or a new key take effect at once on every node: the node that changed it
/// publishes <c>tenant/name</c>, and every node listening (this one included) drops its cached answer of
/// <see cref="Messages.SenderDomains"/> (the accept path), reloads its tracking hosts and tells the other caches of sender
/// domains (<see cref="ISenderDomainListener"/>: the delivery path's DKIM keys). While Redis cannot be reached, another
/// node sees the change when its entries expire (30 s at accept, <c>Delivery:SenderDomainRefresh</c> for keys).
/// </summary>
internal sealed class SenderDomainChanges(
    IConnectionMultiplexer redis, IMemoryCache cache, TrackingHosts hosts, IEnumerable<ISenderDomainListener> listeners,
    IOptions<ResilienceOptions> resilience, TimeProvider time, ILogger<SenderDomainChanges> logger)
    : NodeBroadcast("Sender domain changes", "sg:domains:changed", redis, logger, resilience, time)
{
    public static string CacheKey(string tenantId, string domain) => $"sender:{tenantId}/{domain}";

    public Task ChangedAsync(string tenantId, string domain, CancellationToken cancellationToken) => BroadcastAsync($"{tenantId}/{domain}", cancellationToken);

    protected override void Apply(string value)
    {
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0)
        {
            var (tenantId, domain) = (value[..slash], value[(slash + 1)..]);
            cache.Remove(CacheKey(tenantId, domain));
            foreach (var listener in listeners)
            {
                listener.Changed(tenantId, domain);
            }
        }

        hosts.Invalidate();
    }
}
