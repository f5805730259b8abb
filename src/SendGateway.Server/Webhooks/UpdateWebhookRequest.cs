namespace SendGateway.Server.Webhooks;

/// <summary>
/// Body of <c>PATCH /v1/webhooks/{id}</c>: fields left out keep their value; <c>enabled: true</c> re-enables a disabled
/// endpoint; <c>streams: []</c> goes back to every stream.
/// </summary>
internal sealed record UpdateWebhookRequest(string? Url, string[]? Events, int? BatchSize, bool? Enabled, string[]? Streams = null);
