namespace SendGateway.Client;

/// <summary>The API's <c>ReplayWebhookRequest</c> object.</summary>
public sealed record ReplayWebhookRequest
{
    /// <summary>JSON <c>batch_id</c>.</summary>
    public string? BatchId { get; init; }

    /// <summary>JSON <c>from</c>.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>JSON <c>to</c>.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>JSON <c>include_delivered</c>.</summary>
    public bool? IncludeDelivered { get; init; }
}
