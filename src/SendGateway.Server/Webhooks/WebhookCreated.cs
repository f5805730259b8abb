namespace SendGateway.Server.Webhooks;

/// <summary>The 201 of <c>POST /v1/webhooks</c>: the endpoint and its signing secret, shown this once.</summary>
internal sealed record WebhookCreated(string Id, string Url, string[] Events, int BatchSize, bool Enabled, string Secret, DateTime CreatedAt, string[]? Streams = null);
