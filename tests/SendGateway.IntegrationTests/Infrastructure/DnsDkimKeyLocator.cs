using System.Net;
using DnsClient;
using MimeKit.Cryptography;
using Org.BouncyCastle.Crypto;

namespace SendGateway.IntegrationTests.Infrastructure;

/// <summary>Looks DKIM keys up in DNS (the test DNS server) the way a receiving MTA does.</summary>
public sealed class DnsDkimKeyLocator(IPEndPoint dnsServer) : DkimPublicKeyLocatorBase
{
    private readonly LookupClient _dns = new(new LookupClientOptions(new NameServer(dnsServer)) { UseCache = false });

    public override AsymmetricKeyParameter LocatePublicKey(string methods, string domain, string selector, CancellationToken cancellationToken = default) =>
        LocatePublicKeyAsync(methods, domain, selector, cancellationToken).GetAwaiter().GetResult();

    public override async Task<AsymmetricKeyParameter> LocatePublicKeyAsync(string methods, string domain, string selector, CancellationToken cancellationToken = default)
    {
        var response = await _dns.QueryAsync($"{selector}._domainkey.{domain}", QueryType.TXT, QueryClass.IN, cancellationToken);
        var txt = string.Concat(response.Answers.TxtRecords().First().Text);
        return GetPublicKey(txt);
    }
}
