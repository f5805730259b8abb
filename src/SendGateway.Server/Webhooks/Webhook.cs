namespace SendGateway.Server.Webhooks;

/// <summary>A webhook endpoint as the API shows it (never with its secret).</summary>
internal sealed record Webhook
{
    public string Id { get; init; } = string.Empty;

    public string Url { get; init; } = string.Empty;

    public string[] Events { get; init; } = [];

    public int BatchSize { get; init; }

    /// <summary>The message streams whose events it gets; null = every stream.</summary>
    public string[]? Streams { get; init; }

    public bool Enabled { get; init; }

    /// <summary>Why the service disabled it (<c>gone</c> after a 410), or null.</summary>
    public string? DisabledReason { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime UpdatedAt { get; init; }
}
