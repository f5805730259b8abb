namespace SendGateway.Server.Messages;

/// <summary>What the accept seam answered; each front turns it into its own reply (202 / 250, 422 / 550, 503 / 452).</summary>
public sealed record AcceptOutcome(AcceptStatus Status, MessageAccepted? Accepted = null, TimeSpan? RetryAfter = null);
