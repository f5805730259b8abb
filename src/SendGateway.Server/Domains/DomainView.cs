namespace SendGateway.Server.Domains;

public sealed record DomainView(string Name, bool Verified, string DkimSelector, DateTime CreatedAt, IReadOnlyList<DnsRecord> Records)
{
    public static DomainView From(SenderDomain domain, string bounceDomain) => new(domain.Name, domain.Verified, domain.DkimSelector, domain.CreatedAt,
    [
        new("dkim", "TXT", $"{domain.DkimSelector}._domainkey.{domain.Name}", $"v=DKIM1; k=rsa; p={domain.DkimPublicKey}"),
        new("spf", "TXT", domain.Name, "v=spf1 a mx ~all"),
        new("dmarc", "TXT", $"_dmarc.{domain.Name}", "v=DMARC1; p=none;"),
        new("return_path", "CNAME", $"bounces.{domain.Name}", bounceDomain),
    ]);
}
