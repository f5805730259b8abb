using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using SendGateway.Server.IpPools;

namespace SendGateway.Server.Domains;

/// <summary>
/// What a tenant's SPF record must add so receivers accept the service's mail: the service's own sending addresses,
/// never the tenant's <c>a mx</c>. The operator's <see cref="DomainProofOptions.SpfInclude"/> when set; else every IP
/// pool's source addresses (<c>ip4:</c>/<c>ip6:</c>); else the EHLO host's addresses (<c>a:</c>). Cached a minute.
/// </summary>
internal sealed class SpfAuthorization(IOptions<DomainProofOptions> options, ISendingHost host, IpPoolStore pools, IMemoryCache cache)
{
    private static readonly TimeSpan CacheTime = TimeSpan.FromMinutes(1);

    public async Task<string> MechanismsAsync(CancellationToken cancellationToken)
    {
        if (options.Value.SpfInclude is { Length: > 0 } include)
        {
            return $"include:{include}";
        }

        return (await cache.GetOrCreateAsync("spf:mechanisms", async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = CacheTime;
            entry.Size = 1;
            var addresses = (await pools.ListAsync(null, options.Value.SpfMaxPools, cancellationToken))
                .SelectMany(p => p.Sources).Select(s => s.Address).Distinct(StringComparer.OrdinalIgnoreCase)
                .Select(a => IPAddress.TryParse(a, out var ip) ? (ip.AddressFamily == AddressFamily.InterNetworkV6 ? "ip6:" : "ip4:") + ip : null)
                .OfType<string>().ToList();
            return addresses.Count > 0 ? string.Join(' ', addresses) : $"a:{host.HeloName ?? Dns.GetHostName()}";
        }))!;
    }
}
