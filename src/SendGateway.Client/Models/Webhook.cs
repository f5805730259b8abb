namespace SendGateway.Client;

/// <summary>The API's <c>Webhook</c> object.</summary>
public sealed record Webhook
{
    /// <summary>JSON <c>id</c>.</summary>
    public string? Id { get; init; }

    /// <summary>JSON <c>url</c>.</summary>
    public string? Url { get; init; }

    /// <summary>JSON <c>events</c>.</summary>
    public IReadOnlyList<string>? Events { get; init; }

    /// <summary>JSON <c>batch_size</c>.</summary>
    public int BatchSize { get; init; }

    /// <summary>JSON <c>enabled</c>.</summary>
    public bool Enabled { get; init; }

    /// <summary>JSON <c>disabled_reason</c>.</summary>
    public string? DisabledReason { get; init; }

    /// <summary>JSON <c>created_at</c>.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>JSON <c>updated_at</c>.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>JSON <c>streams</c>.</summary>
    public IReadOnlyList<string>? Streams { get; init; }
}
