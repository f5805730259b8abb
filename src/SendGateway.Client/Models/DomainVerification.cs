namespace SendGateway.Client;

/// <summary>The API's <c>DomainVerification</c> object.</summary>
public sealed record DomainVerification
{
    /// <summary>JSON <c>name</c>.</summary>
    public string? Name { get; init; }

    /// <summary>JSON <c>verified</c>.</summary>
    public bool Verified { get; init; }

    /// <summary>JSON <c>records</c>.</summary>
    public IReadOnlyList<RecordCheck>? Records { get; init; }

    /// <summary>JSON <c>tracking_verified</c>.</summary>
    public bool TrackingVerified { get; init; }
}
