namespace SendGateway.IntegrationTests.Infrastructure;

/// <summary>
/// A zone <see cref="DnssecResolver"/> serves: its records in zone-file form relative to the zone (<c>mx1 IN A 127.0.0.171</c>),
/// signed unless <paramref name="Insecure"/> (an unsigned zone); a <paramref name="Bogus"/> zone is signed and then has its TLSA data changed under the signatures.
/// </summary>
public sealed record DnssecZone(string Name, IReadOnlyList<string> Records, bool Insecure = false, bool Bogus = false);
