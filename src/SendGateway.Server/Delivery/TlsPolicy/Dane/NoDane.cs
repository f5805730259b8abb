namespace SendGateway.Server.Delivery.TlsPolicy.Dane;

/// <summary>DANE turned off (no validating resolver configured): no host has DANE.</summary>
internal sealed class NoDane : IDaneLookup
{
    public Task<TlsaLookup> LookupAsync(string mxHost, int port, CancellationToken cancellationToken) => Task.FromResult(TlsaLookup.NoDane);
}
