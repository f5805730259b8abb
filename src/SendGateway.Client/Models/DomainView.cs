namespace SendGateway.Client;

/// <summary>The API's <c>DomainView</c> object.</summary>
public sealed record DomainView
{
    /// <summary>JSON <c>name</c>.</summary>
    public string? Name { get; init; }

    /// <summary>JSON <c>verified</c>.</summary>
    public bool Verified { get; init; }

    /// <summary>JSON <c>dkim_selector</c>.</summary>
    public string? DkimSelector { get; init; }

    /// <summary>JSON <c>created_at</c>.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>JSON <c>records</c>.</summary>
    public IReadOnlyList<DnsRecord>? Records { get; init; }

    /// <summary>JSON <c>tracking_host</c>.</summary>
    public string? TrackingHost { get; init; }

    /// <summary>JSON <c>tracking_verified</c>.</summary>
    public bool TrackingVerified { get; init; }

    /// <summary>JSON <c>verified_by</c>: <c>dns</c>, <c>operator</c> (the operator's override), or null while not verified.</summary>
    public string? VerifiedBy { get; init; }

    /// <summary>JSON <c>unverified_at</c>: when a re-check stopped the domain (its DKIM record missing); null once verified again.</summary>
    public DateTimeOffset? UnverifiedAt { get; init; }
}
