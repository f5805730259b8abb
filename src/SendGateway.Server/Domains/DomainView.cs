namespace SendGateway.Server.Domains;

/// <summary>A sender domain as the API shows it, with the records to publish (<see cref="DomainViews"/> makes them).</summary>
/// <param name="TrackingHost">Where this domain's tracked links and unsubscribe pages point once <paramref name="TrackingVerified"/>.</param>
public sealed record DomainView(
    string Name, bool Verified, string DkimSelector, DateTime CreatedAt, IReadOnlyList<DnsRecord> Records, string TrackingHost, bool TrackingVerified);
