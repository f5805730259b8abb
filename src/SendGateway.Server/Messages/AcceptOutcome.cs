namespace SendGateway.Server.Messages;

/// <summary>What the accept seam answered; each front turns it into its own reply (202 / 250, 422 / 550, 503 / 452).</summary>
/// <param name="Sender">For <see cref="AcceptStatus.DomainNotVerified"/>: the domain and the record to publish.</param>
/// <param name="Quota">Where the tenant stands against its sending quota, for a tenant with one.</param>
internal sealed record AcceptOutcome(AcceptStatus Status, MessageAccepted? Accepted = null, TimeSpan? RetryAfter = null, SenderCheck? Sender = null, SendingQuotaState? Quota = null);
