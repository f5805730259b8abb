using SendGateway.Server.Queue;

namespace SendGateway.Server.Messages;

/// <summary>
/// What keeps a resent message from being queued twice, both written with the queue write (reliability.md T82):
/// <paramref name="MessageId"/>, the client's Message-ID, for the tenant's de-duplication window (<c>dedupe_window_minutes</c>),
/// and <paramref name="Answer"/>, the idempotency key's answer to the accepted batch. <paramref name="OnceId"/> (a hash of
/// the caller's key) and <paramref name="Fingerprint"/> (its request's): on a Redis Cluster, where the answer cannot be in
/// the queue write, the write leaves a marker per shard instead, and a retry after a death between the write and the
/// answer answers with the ids found there (<see cref="EnqueueMarker"/>).
/// </summary>
internal sealed record AcceptOnce(string? MessageId, Func<MessageAccepted, HeldRecord>? Answer, string? OnceId = null, string? Fingerprint = null);
