namespace SendGateway.Client;

/// <summary>The API's <c>MessageView</c> object.</summary>
public sealed record MessageView
{
    /// <summary>JSON <c>id</c>.</summary>
    public string? Id { get; init; }

    /// <summary>JSON <c>batch_id</c>.</summary>
    public string? BatchId { get; init; }

    /// <summary>JSON <c>recipient</c>.</summary>
    public string? Recipient { get; init; }

    /// <summary>JSON <c>from</c>.</summary>
    public string? From { get; init; }

    /// <summary>JSON <c>tags</c>.</summary>
    public IReadOnlyList<string>? Tags { get; init; }

    /// <summary>JSON <c>metadata</c>.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>JSON <c>status</c>.</summary>
    public string? Status { get; init; }

    /// <summary>JSON <c>accepted_at</c>.</summary>
    public DateTimeOffset AcceptedAt { get; init; }

    /// <summary>JSON <c>updated_at</c>.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>JSON <c>events</c>.</summary>
    public IReadOnlyList<EventView>? Events { get; init; }

    /// <summary>JSON <c>held</c>.</summary>
    public MessageHold? Held { get; init; }

    /// <summary>JSON <c>stream</c>.</summary>
    public string? Stream { get; init; }

    /// <summary>JSON <c>subject</c>.</summary>
    public string? Subject { get; init; }
}
