using DnsClient;
using Microsoft.Extensions.Options;

namespace SendGateway.Server.Common;

/// <summary>
/// The one uncached resolver of the configured name servers, shared by the domain checks and the webhook address guard
/// (both must see the records as they are now). Delivery's MX resolver keeps its own cached, stricter client.
/// </summary>
internal sealed class DnsClients(IOptions<DnsOptions> options)
{
    public LookupClient Uncached { get; } = new(options.Value.LookupOptions(useCache: false));
}
