namespace SendGateway.Server.Delivery.TlsPolicy.Dane;

/// <summary>Looks up an MX host's TLSA records through the DNSSEC-validating resolvers (trusting their AD bit, RFC 7672 §2.1).</summary>
internal interface IDaneLookup
{
    Task<TlsaLookup> LookupAsync(string mxHost, int port, CancellationToken cancellationToken);
}
