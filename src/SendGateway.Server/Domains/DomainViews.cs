namespace SendGateway.Server.Domains;

/// <summary>
/// A domain's DNS records: its DKIM key, SPF (the service's sending addresses, to merge into an existing record), DMARC
/// (only where the domain has none), the return-path CNAME to the bounce domain and the tracking-host CNAME
/// (<c>{Tracking:Subdomain}.{domain}</c> → <c>Tracking:CnameTarget</c>).
/// </summary>
internal sealed class DomainViews(IReturnPathDomain bounces, ITrackingHost tracking, SpfAuthorization spf)
{
    public const string SpfNote =
        "Authorizes this service's sending addresses. If the domain already has an SPF record (v=spf1), add these mechanisms to it before its 'all' " +
        "instead of publishing a second one: two SPF records are an error (RFC 7208 §4.5) and fail every check.";

    public const string DmarcNote =
        "Only if the domain has no DMARC record yet: a start that reports without rejecting. If it has one, keep it as it is; never replace it with this p=none.";

    public string TrackingHostOf(string domain) => $"{tracking.Subdomain}.{domain}";

    /// <summary>The record that proves the domain: its DKIM key as we hold it.</summary>
    public DnsRecord DkimOf(SenderDomain domain) => new("dkim", "TXT", $"{domain.DkimSelector}._domainkey.{domain.Name}", $"v=DKIM1; k=rsa; p={domain.DkimPublicKey}",
        "Required: the domain sends once this record is found with this key.");

    public async Task<DomainView> OfAsync(SenderDomain domain, CancellationToken cancellationToken) => new(domain.Name, domain.Verified, domain.DkimSelector, domain.CreatedAt,
    [
        DkimOf(domain),
        new("spf", "TXT", domain.Name, $"v=spf1 {await spf.MechanismsAsync(cancellationToken)} ~all", SpfNote),
        new("dmarc", "TXT", $"_dmarc.{domain.Name}", "v=DMARC1; p=none;", DmarcNote),
        new("return_path", "CNAME", $"bounces.{domain.Name}", bounces.Domain, "Optional: bounces reach the service through its own bounce domain without it."),
        new("tracking", "CNAME", TrackingHostOf(domain.Name), tracking.Target, "Optional: tracked links use this host once it points here."),
    ], TrackingHostOf(domain.Name), domain.TrackingVerified, domain.VerifiedBy, domain.UnverifiedAt);
}
