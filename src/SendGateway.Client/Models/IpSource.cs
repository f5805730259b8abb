namespace SendGateway.Client;

/// <summary>The API's <c>IpSource</c> object.</summary>
public sealed record IpSource
{
    /// <summary>JSON <c>address</c>.</summary>
    public string? Address { get; init; }

    /// <summary>JSON <c>ehlo_name</c>.</summary>
    public string? EhloName { get; init; }

    /// <summary>JSON <c>weight</c>.</summary>
    public int? Weight { get; init; }

    /// <summary>JSON <c>warmup</c>.</summary>
    public WarmupPlan? Warmup { get; init; }
}
