namespace SendGateway.Client;

/// <summary>The API's <c>IpPoolRequest</c> object.</summary>
public sealed record IpPoolRequest
{
    /// <summary>JSON <c>name</c>.</summary>
    public string? Name { get; init; }

    /// <summary>JSON <c>sources</c>.</summary>
    public List<IpSource>? Sources { get; init; }
}
