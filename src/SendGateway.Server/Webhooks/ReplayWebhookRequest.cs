namespace SendGateway.Server.Webhooks;

/// <summary>
/// <c>POST /v1/webhooks/{id}/replay</c>: one batch by its <c>batch_id</c> (the <c>webhook-id</c> header), or the batches
/// formed from <c>from</c> until <c>to</c> (default now). Failed batches only, unless <c>include_delivered</c>.
/// </summary>
internal sealed record ReplayWebhookRequest(string? BatchId, DateTimeOffset? From, DateTimeOffset? To, bool? IncludeDelivered);
