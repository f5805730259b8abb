namespace SendGateway.Client;

/// <summary>The API's <c>UpdateStreamRequest</c> object.</summary>
public sealed record UpdateStreamRequest
{
    /// <summary>JSON <c>name</c>.</summary>
    public string? Name { get; init; }

    /// <summary>JSON <c>unsubscribe</c>.</summary>
    public string? Unsubscribe { get; init; }

    /// <summary>JSON <c>track_opens</c>.</summary>
    public bool? TrackOpens { get; init; }

    /// <summary>JSON <c>track_clicks</c>.</summary>
    public bool? TrackClicks { get; init; }

    /// <summary>JSON <c>tracking_default</c>.</summary>
    public bool? TrackingDefault { get; init; }

    /// <summary>JSON <c>ip_pool</c>.</summary>
    public string? IpPool { get; init; }
}
