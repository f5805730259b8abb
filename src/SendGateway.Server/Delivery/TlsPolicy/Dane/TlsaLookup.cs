namespace SendGateway.Server.Delivery.TlsPolicy.Dane;

/// <summary>The TLSA records of <c>_25._tcp.&lt;mx&gt;</c> and how far they can be trusted; <see cref="Detail"/> says why on failure.</summary>
internal sealed record TlsaLookup(TlsaLookupStatus Status, IReadOnlyList<TlsaAssociation> Records, string? Detail = null)
{
    public static TlsaLookup NoDane { get; } = new(TlsaLookupStatus.None, []);
}
