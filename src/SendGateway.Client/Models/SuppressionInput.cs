namespace SendGateway.Client;

/// <summary>The API's <c>SuppressionInput</c> object.</summary>
public sealed record SuppressionInput
{
    /// <summary>JSON <c>email</c>.</summary>
    public string? Email { get; init; }

    /// <summary>JSON <c>reason</c>.</summary>
    public string? Reason { get; init; }

    /// <summary>JSON <c>expires_at</c>.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }
}
