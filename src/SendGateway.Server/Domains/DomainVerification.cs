namespace SendGateway.Server.Domains;

/// <summary>
/// The answer of <c>POST /v1/domains/{name}/verify</c>: the domain counts as verified when its DKIM key and return-path
/// CNAME are published as given (they make signing and bounce handling work); SPF and DMARC are reported as well.
/// </summary>
public sealed record DomainVerification(string Name, bool Verified, IReadOnlyList<RecordCheck> Records);
