namespace SendGateway.Server.Webhooks;

/// <summary>One attempt to deliver a batch (<c>GET /v1/webhooks/{id}/deliveries</c>); <c>batch_id</c> is the <c>webhook-id</c> header.</summary>
internal sealed record WebhookDelivery
{
    public long Id { get; init; }

    public string BatchId { get; init; } = string.Empty;

    public int Attempt { get; init; }

    public DateTime AttemptedAt { get; init; }

    public int? StatusCode { get; init; }

    public int LatencyMs { get; init; }

    /// <summary><c>timeout</c>, <c>connection_failed</c>, <c>tls_failed</c> (the certificate was refused), <c>blocked_destination</c>, <c>redirect</c>, <c>http_status</c>, or null on success.</summary>
    public string? Error { get; init; }

    public int EventCount { get; init; }

    /// <summary>Where the batch stands now: <c>pending</c> (retries go on), <c>delivered</c>, <c>failed</c> (retries over: replay it), or null for a test send.</summary>
    public string? BatchState { get; init; }
}
