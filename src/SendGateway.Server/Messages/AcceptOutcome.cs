namespace SendGateway.Server.Messages;

/// <summary>What the accept seam answered; each front turns it into its own reply (202 / 250, 422 / 550, 503 / 452).</summary>
/// <param name="Sender">For <see cref="AcceptStatus.DomainNotVerified"/>: the domain and the record to publish.</param>
internal sealed record AcceptOutcome(AcceptStatus Status, MessageAccepted? Accepted = null, TimeSpan? RetryAfter = null, SenderCheck? Sender = null);
