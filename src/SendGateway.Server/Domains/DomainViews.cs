using Microsoft.Extensions.Options;

namespace SendGateway.Server.Domains;

/// <summary>
/// A domain's DNS records: its DKIM key, SPF, DMARC, the return-path CNAME to the bounce domain and the tracking-host
/// CNAME (<c>{Tracking:Subdomain}.{domain}</c> → <c>Tracking:CnameTarget</c>).
/// </summary>
public sealed class DomainViews(IOptions<ReturnPathOptions> bounces, IOptions<TrackingHostOptions> tracking)
{
    public string TrackingHostOf(string domain) => $"{tracking.Value.Subdomain}.{domain}";

    /// <summary>The record that proves the domain: its DKIM key as we hold it.</summary>
    public DnsRecord DkimOf(SenderDomain domain) => new("dkim", "TXT", $"{domain.DkimSelector}._domainkey.{domain.Name}", $"v=DKIM1; k=rsa; p={domain.DkimPublicKey}");

    public DomainView Of(SenderDomain domain) => new(domain.Name, domain.Verified, domain.DkimSelector, domain.CreatedAt,
    [
        DkimOf(domain),
        new("spf", "TXT", domain.Name, "v=spf1 a mx ~all"),
        new("dmarc", "TXT", $"_dmarc.{domain.Name}", "v=DMARC1; p=none;"),
        new("return_path", "CNAME", $"bounces.{domain.Name}", bounces.Value.Domain),
        new("tracking", "CNAME", TrackingHostOf(domain.Name), tracking.Value.Target),
    ], TrackingHostOf(domain.Name), domain.TrackingVerified);
}
