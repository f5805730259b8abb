namespace SendGateway.Server.Webhooks;

/// <summary>How many batches a replay queued to go out again at once.</summary>
internal sealed record WebhookReplayed(int Replayed);
