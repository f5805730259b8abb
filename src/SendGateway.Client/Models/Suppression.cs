namespace SendGateway.Client;

/// <summary>The API's <c>Suppression</c> object.</summary>
public sealed record Suppression
{
    /// <summary>JSON <c>email</c>.</summary>
    public string? Email { get; init; }

    /// <summary>JSON <c>reason</c>.</summary>
    public string? Reason { get; init; }

    /// <summary>JSON <c>created_at</c>.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>JSON <c>expires_at</c>.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>JSON <c>source_message_id</c>.</summary>
    public string? SourceMessageId { get; init; }

    /// <summary>JSON <c>scope</c>.</summary>
    public string? Scope { get; init; }
}
