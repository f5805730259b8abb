using System.Net;
using DnsClient;
using Microsoft.Extensions.Options;
using SendGateway.Server.Bounces;

namespace SendGateway.Server.Delivery.Connections;

/// <summary>
/// Static routes first, then MX records (lowest preference first), falling back to the domain's own A record
/// when it has no MX (RFC 5321 §5.1). NXDOMAIN and null MX are permanent; DNS failures are temporary. Addresses of
/// MX hosts on internal networks get no connection (<see cref="InternalAddresses"/>); a domain left with none is bounced 5.4.6.
/// </summary>
internal sealed class MxResolver : IMxResolver
{
    private readonly DeliveryOptions _options;
    private readonly LookupClient _dns;
    private readonly InternalAddresses _internal;
    private readonly ILogger<MxResolver> _logger;

    public MxResolver(IOptions<DeliveryOptions> options, ILogger<MxResolver> logger)
    {
        _options = options.Value;
        _logger = logger;
        _internal = new InternalAddresses(_options.AllowedMxNetworks, InternalAddresses.OwnAddresses());
        var lookup = _options.Dns.LookupOptions(useCache: true);
        lookup.ContinueOnDnsError = false;
        lookup.ContinueOnEmptyResponse = false;
        lookup.UseTcpFallback = true;
        _dns = new LookupClient(lookup);
    }

    public async Task<ResolveOutcome> ResolveAsync(string domain, int attempt, CancellationToken cancellationToken)
    {
        if (_options.Routes.TryGetValue(domain, out var route) || _options.Routes.TryGetValue("*", out route))
        {
            if (!RouteTarget.TryParse(route, out var target))
            {
                throw new InvalidOperationException($"Route for {domain} is not host:port (options validation should have caught it).");
            }

            var addresses = await AddressesAsync(target!.Host, cancellationToken);
            return addresses is { Count: > 0 }
                ? new ResolveOutcome(addresses.Select(a => new DeliveryTarget(target.Host, a, target.Port)).ToList(), null)
                : Fail(DeliveryOutcome.Temporary(BounceClasses.DnsFailure, "4.4.3", $"Route host {target.Host} did not resolve", null, attempt));
        }

        try
        {
            var mx = await _dns.QueryAsync(domain, QueryType.MX, QueryClass.IN, cancellationToken);
            if (mx.Header.ResponseCode == DnsHeaderResponseCode.NotExistentDomain)
            {
                return Fail(DeliveryOutcome.Permanent(BounceClasses.BadDomain, "5.4.4", $"Domain {domain} does not exist (NXDOMAIN)", null, attempt));
            }

            if (mx.HasError)
            {
                return Fail(DeliveryOutcome.Temporary(BounceClasses.DnsFailure, "4.4.3", $"MX lookup failed: {mx.ErrorMessage}", null, attempt));
            }

            var hosts = mx.Answers.MxRecords().OrderBy(r => r.Preference).Select(r => r.Exchange.Value.TrimEnd('.')).ToList();
            if (hosts.Count == 1 && hosts[0].Length == 0)
            {
                return Fail(DeliveryOutcome.Permanent(BounceClasses.BadDomain, "5.1.10", $"Domain {domain} accepts no mail (null MX)", null, attempt));
            }

            if (hosts.Count == 0)
            {
                hosts.Add(domain);
            }

            var targets = new List<DeliveryTarget>();
            var refused = 0;
            foreach (var host in hosts.Take(_options.MaxMxHosts))
            {
                foreach (var address in await AddressesAsync(host, cancellationToken) ?? [])
                {
                    if (_internal.Refuses(address))
                    {
                        refused++;
                        DeliveryLog.InternalMxAddressRefused(_logger, host, address.ToString(), domain);
                        continue;
                    }

                    targets.Add(new DeliveryTarget(host, address, _options.MxPort));
                }
            }

            return targets.Count > 0 ? new ResolveOutcome(targets.Take(_options.MaxMxHosts).ToList(), null)
                : refused > 0 ? Fail(DeliveryOutcome.Permanent(BounceClasses.BadDomain, "5.4.6", $"Mail for {domain} loops back to myself or an internal network: its mail hosts resolve only to refused addresses", null, attempt))
                : Fail(DeliveryOutcome.Permanent(BounceClasses.BadDomain, "5.4.4", $"No address for the mail hosts of {domain}", null, attempt));
        }
        catch (DnsResponseException e)
        {
            return Fail(DeliveryOutcome.Temporary(BounceClasses.DnsFailure, "4.4.3", $"DNS failure: {e.Code}", null, attempt));
        }
    }

    private async Task<IReadOnlyList<IPAddress>?> AddressesAsync(string host, CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(host, out var literal))
        {
            return [literal];
        }

        var response = await _dns.QueryAsync(host, QueryType.A, QueryClass.IN, cancellationToken);
        var addresses = response.HasError ? [] : response.Answers.ARecords().Select(a => a.Address).ToList();
        if (addresses.Count == 0 && host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            addresses.Add(IPAddress.Loopback);
        }

        return addresses;
    }

    private static ResolveOutcome Fail(DeliveryOutcome outcome) => new([], outcome);
}
