using System.Net;
using DnsClient;

namespace SendGateway.Server.Webhooks;

/// <summary>
/// Resolves a webhook host through the configured name servers (<c>Delivery:Dns:Servers</c>), never the hosts file:
/// the same answer the SSRF check judges is the one connected to. Numeric hosts in any inet_aton form are parsed.
/// </summary>
internal sealed class WebhookResolver
{
    private readonly LookupClient _dns;

    public WebhookResolver(DnsClients dns)
    {
        // Uncached: a rebinding answer must be seen as it is now.
        _dns = dns.Uncached;
    }

    public async Task<IReadOnlyList<IPAddress>> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        var bare = host.Trim('[', ']');
        if (IPAddress.TryParse(bare, out var literal))
        {
            return [literal];
        }

        var v4 = await _dns.QueryAsync(bare, QueryType.A, cancellationToken: cancellationToken);
        var v6 = await _dns.QueryAsync(bare, QueryType.AAAA, cancellationToken: cancellationToken);
        return v4.Answers.ARecords().Select(r => r.Address).Concat(v6.Answers.AaaaRecords().Select(r => r.Address)).ToList();
    }
}
