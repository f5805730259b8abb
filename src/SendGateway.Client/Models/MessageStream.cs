namespace SendGateway.Client;

/// <summary>The API's <c>MessageStream</c> object.</summary>
public sealed record MessageStream
{
    /// <summary>JSON <c>id</c>.</summary>
    public string? Id { get; init; }

    /// <summary>JSON <c>name</c>.</summary>
    public string? Name { get; init; }

    /// <summary>JSON <c>kind</c>.</summary>
    public string? Kind { get; init; }

    /// <summary>JSON <c>built_in</c>.</summary>
    public bool? BuiltIn { get; init; }

    /// <summary>JSON <c>unsubscribe</c>.</summary>
    public string? Unsubscribe { get; init; }

    /// <summary>JSON <c>track_opens</c>.</summary>
    public bool? TrackOpens { get; init; }

    /// <summary>JSON <c>track_clicks</c>.</summary>
    public bool? TrackClicks { get; init; }

    /// <summary>JSON <c>ip_pool</c>.</summary>
    public string? IpPool { get; init; }

    /// <summary>JSON <c>created_at</c>.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>JSON <c>updated_at</c>.</summary>
    public DateTimeOffset? UpdatedAt { get; init; }
}
