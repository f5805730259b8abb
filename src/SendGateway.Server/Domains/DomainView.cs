namespace SendGateway.Server.Domains;

/// <summary>A sender domain as the API shows it, with the records to publish (<see cref="DomainViews"/> makes them).</summary>
/// <param name="Verified">It sends: its DKIM record was found (or an operator's override, <paramref name="VerifiedBy"/> <c>operator</c>).</param>
/// <param name="TrackingHost">Where this domain's tracked links and unsubscribe pages point once <paramref name="TrackingVerified"/>.</param>
/// <param name="VerifiedBy"><c>dns</c>, <c>operator</c> (verified without DNS by the operator's override), or null while not verified.</param>
/// <param name="UnverifiedAt">When a re-check stopped it (its DKIM record missing several checks in a row); null once verified again.</param>
internal sealed record DomainView(
    string Name, bool Verified, string DkimSelector, DateTime CreatedAt, IReadOnlyList<DnsRecord> Records, string TrackingHost, bool TrackingVerified,
    string? VerifiedBy, DateTime? UnverifiedAt);
