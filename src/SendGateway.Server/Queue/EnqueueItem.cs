using SendGateway.Server.EventContract;

namespace SendGateway.Server.Queue;

/// <summary>One recipient to enqueue with its <c>injected</c> event; <c>Due</c> set for scheduled sends.</summary>
internal sealed record EnqueueItem(QueueEntry Entry, EventRecord Injected, DateTimeOffset? Due);
