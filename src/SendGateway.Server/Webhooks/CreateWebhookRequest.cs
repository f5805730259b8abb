namespace SendGateway.Server.Webhooks;

/// <summary>Body of <c>POST /v1/webhooks</c>; <c>events</c> defaults to every type, <c>batch_size</c> to the configured default.</summary>
internal sealed record CreateWebhookRequest(string? Url, string[]? Events, int? BatchSize);
