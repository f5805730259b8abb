namespace SendGateway.Server.Webhooks;

/// <summary>The answer of <c>POST /v1/webhooks/{id}/test</c>: what the endpoint did with one signed sample batch.</summary>
internal sealed record WebhookTestResult(bool Succeeded, int? StatusCode, int LatencyMs, string? Error, string WebhookMessageId);
