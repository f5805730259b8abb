namespace SendGateway.Server.Suppressions;

/// <summary>A suppression list entry: an address, or <c>@domain</c> for a whole domain.</summary>
internal sealed record Suppression
{
    public string Email { get; init; } = string.Empty;

    public string Reason { get; init; } = string.Empty;

    public DateTime CreatedAt { get; init; }

    public DateTime? ExpiresAt { get; init; }

    public string? SourceMessageId { get; init; }

    /// <summary>The stream kind it blocks (<c>transactional</c> or <c>broadcast</c>: an unsubscribe's), or null for every kind.</summary>
    public string? Scope { get; init; }
}
