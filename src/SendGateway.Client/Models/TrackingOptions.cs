namespace SendGateway.Client;

/// <summary>The API's <c>TrackingDto</c> object.</summary>
public sealed record TrackingOptions
{
    /// <summary>JSON <c>opens</c>.</summary>
    public bool? Opens { get; init; }

    /// <summary>JSON <c>clicks</c>.</summary>
    public bool? Clicks { get; init; }
}
