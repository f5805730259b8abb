using System.Text.Json.Serialization;

namespace SendGateway.Server.Domains;

/// <summary>
/// The answer of <c>POST /v1/domains/{name}/verify</c>: the domain counts as verified (and sends) when its DKIM key is
/// published as given; SPF, DMARC and the return path are reported as well. The tracking host is verified when the
/// domain is and its CNAME points to the service; links then use it.
/// </summary>
/// <param name="HeldElsewhere">The DKIM record was found but another tenant has the name verified (the API answers 409).</param>
internal sealed record DomainVerification(string Name, bool Verified, IReadOnlyList<RecordCheck> Records, bool TrackingVerified, [property: JsonIgnore] bool HeldElsewhere = false);
