namespace SendGateway.Client;

/// <summary>The API's <c>WebhookDelivery</c> object.</summary>
public sealed record WebhookDelivery
{
    /// <summary>JSON <c>id</c>.</summary>
    public long Id { get; init; }

    /// <summary>JSON <c>batch_id</c>.</summary>
    public string? BatchId { get; init; }

    /// <summary>JSON <c>attempt</c>.</summary>
    public int Attempt { get; init; }

    /// <summary>JSON <c>attempted_at</c>.</summary>
    public DateTimeOffset AttemptedAt { get; init; }

    /// <summary>JSON <c>status_code</c>.</summary>
    public int? StatusCode { get; init; }

    /// <summary>JSON <c>latency_ms</c>.</summary>
    public int LatencyMs { get; init; }

    /// <summary>JSON <c>error</c>.</summary>
    public string? Error { get; init; }

    /// <summary>JSON <c>event_count</c>.</summary>
    public int EventCount { get; init; }

    /// <summary>JSON <c>batch_state</c>.</summary>
    public string? BatchState { get; init; }
}
