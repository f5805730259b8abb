namespace SendGateway.Server.Webhooks;

/// <summary>
/// Body of <c>POST /v1/webhooks</c>; <c>events</c> defaults to every type, <c>batch_size</c> to the configured default,
/// <c>streams</c> (the message streams whose events it gets) to every stream.
/// </summary>
internal sealed record CreateWebhookRequest(string? Url, string[]? Events, int? BatchSize, string[]? Streams = null);
