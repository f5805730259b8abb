namespace SendGateway.Server.Queue;

/// <summary>
/// How long a queued message is retried at most (<c>SendGateway:Delivery:MaxQueueLifetime</c>), the ceiling of a
/// message's own lifetime (<see cref="QueueEntry.Lifetime"/>). Delivery's options implement it, so the fronts that accept
/// a lifetime read the one delivery section without depending on delivery.
/// </summary>
internal interface IQueueLifetime
{
    TimeSpan MaxQueueLifetime { get; }
}
