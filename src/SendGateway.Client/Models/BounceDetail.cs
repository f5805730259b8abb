namespace SendGateway.Client;

/// <summary>The API's <c>BounceDetail</c> object.</summary>
public sealed record BounceDetail
{
    /// <summary>JSON <c>class</c>.</summary>
    public string? Class { get; init; }
}
