namespace SendGateway.Server.Domains;

/// <summary>
/// The answer of <c>POST /v1/domains/{name}/verify</c>: the domain counts as verified when its DKIM key and return-path
/// CNAME are published as given (they make signing and bounce handling work); SPF and DMARC are reported as well.
/// The tracking host is verified when the domain is and its CNAME points to the service; links then use it.
/// </summary>
public sealed record DomainVerification(string Name, bool Verified, IReadOnlyList<RecordCheck> Records, bool TrackingVerified);
