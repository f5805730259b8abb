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
}
