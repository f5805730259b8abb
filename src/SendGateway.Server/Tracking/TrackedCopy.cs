using SendGateway.Server.Queue;

namespace SendGateway.Server.Tracking;

/// <summary>One recipient's copy as the tracker sees it: where its links point, what its tokens carry, its unsubscribe page.</summary>
internal sealed record TrackedCopy(QueueEntry Entry, string BaseUrl, byte Flags, DateTimeOffset SentAt, string UnsubscribeUrl);
