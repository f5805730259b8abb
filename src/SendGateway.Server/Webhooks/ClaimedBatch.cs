namespace SendGateway.Server.Webhooks;

/// <summary>A batch this process has leased for one attempt, with what it needs to send it.</summary>
internal sealed record ClaimedBatch
{
    public string Id { get; init; } = string.Empty;

    public string WebhookId { get; init; } = string.Empty;

    public string TenantId { get; init; } = string.Empty;

    public string Payload { get; init; } = string.Empty;

    public int EventCount { get; init; }

    public int Attempts { get; init; }

    public DateTime CreatedAt { get; init; }

    public string Url { get; init; } = string.Empty;

    public byte[] Secret { get; init; } = [];

    /// <summary>The rotated-out secret while it still signs (see <c>previous_secret_expires_at</c>).</summary>
    public byte[]? PreviousSecret { get; init; }
}
