namespace SendGateway.Server.Delivery.TlsPolicy.MtaSts;

/// <summary>
/// A recipient domain's MTA-STS state: the policy in force (from the cache or just fetched), or none. When the domain
/// announces a policy (TXT) that could not be fetched or parsed and nothing usable is cached, <see cref="Policy"/> is null
/// and <see cref="FailureType"/> is the TLS report's result type (<c>sts-policy-fetch-error</c>, <c>sts-policy-invalid</c>).
/// </summary>
internal sealed record MtaStsLookup(MtaStsPolicy? Policy, string? FailureType = null, string? FailureDetail = null)
{
    public static MtaStsLookup NoPolicy { get; } = new(Policy: null);
}
