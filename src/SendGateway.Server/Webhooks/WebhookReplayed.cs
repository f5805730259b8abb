namespace SendGateway.Server.Webhooks;

/// <summary>How many batches a replay queued to go out again at once.</summary>
public sealed record WebhookReplayed(int Replayed);
