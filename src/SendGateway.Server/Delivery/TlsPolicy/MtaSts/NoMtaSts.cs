namespace SendGateway.Server.Delivery.TlsPolicy.MtaSts;

/// <summary>MTA-STS turned off: no domain has a policy.</summary>
internal sealed class NoMtaSts : IMtaStsPolicies
{
    public Task<MtaStsLookup> GetAsync(string domain, CancellationToken cancellationToken) => Task.FromResult(MtaStsLookup.NoPolicy);
}
