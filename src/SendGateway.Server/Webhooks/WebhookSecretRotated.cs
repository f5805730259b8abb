namespace SendGateway.Server.Webhooks;

/// <summary>A rotated endpoint's new secret (shown only here) and until when the previous one still signs (null: it stopped at once).</summary>
internal sealed record WebhookSecretRotated(string Id, string Secret, DateTime? PreviousSecretExpiresAt);
