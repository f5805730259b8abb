using SendGateway.Server.Queue;

namespace SendGateway.Server.Messages;

/// <summary>
/// What keeps a resent message from being queued twice, both written with the queue write (reliability.md T82):
/// <paramref name="MessageId"/>, the client's Message-ID, for the tenant's de-duplication window (<c>dedupe_window_minutes</c>),
/// and <paramref name="Answer"/>, the idempotency key's answer to the accepted batch.
/// </summary>
internal sealed record AcceptOnce(string? MessageId, Func<MessageAccepted, HeldRecord>? Answer);
