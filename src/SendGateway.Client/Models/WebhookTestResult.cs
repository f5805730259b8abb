namespace SendGateway.Client;

/// <summary>The API's <c>WebhookTestResult</c> object.</summary>
public sealed record WebhookTestResult
{
    /// <summary>JSON <c>succeeded</c>.</summary>
    public bool Succeeded { get; init; }

    /// <summary>JSON <c>status_code</c>.</summary>
    public int? StatusCode { get; init; }

    /// <summary>JSON <c>latency_ms</c>.</summary>
    public int LatencyMs { get; init; }

    /// <summary>JSON <c>error</c>.</summary>
    public string? Error { get; init; }

    /// <summary>JSON <c>webhook_message_id</c>.</summary>
    public string? WebhookMessageId { get; init; }
}
