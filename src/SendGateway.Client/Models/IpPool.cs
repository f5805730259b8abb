namespace SendGateway.Client;

/// <summary>The API's <c>IpPool</c> object.</summary>
public sealed record IpPool
{
    /// <summary>JSON <c>name</c>.</summary>
    public string? Name { get; init; }

    /// <summary>JSON <c>sources</c>.</summary>
    public IReadOnlyList<IpSource>? Sources { get; init; }

    /// <summary>JSON <c>created_at</c>.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>JSON <c>updated_at</c>.</summary>
    public DateTimeOffset UpdatedAt { get; init; }
}
