namespace SendGateway.Server.Delivery.Holds;

/// <summary>
/// Operator queue controls (hold, bounce, rebind by tenant, recipient domain, IP pool or source address), asked on every
/// attempt, so an implementation answers from memory (shared state read at most every second or so).
/// </summary>
internal interface IQueueControls
{
    /// <summary>
    /// The control matching a message of <paramref name="tenantId"/> to <paramref name="domain"/> that would leave from
    /// <paramref name="pool"/> (null: the host's default route), accepted at <paramref name="acceptedAt"/>; null when none.
    /// </summary>
    ValueTask<QueueControlDecision?> CheckAsync(string tenantId, string domain, string? pool, DateTimeOffset acceptedAt, CancellationToken cancellationToken);

    /// <summary>Source addresses an operator holds (no attempt leaves from them), each with its control's id.</summary>
    ValueTask<IReadOnlyDictionary<string, string>> HeldSourcesAsync(CancellationToken cancellationToken);

    /// <summary>Pools rebound in effect: each pool whose mail an operator sends from another, with that pool.</summary>
    ValueTask<IReadOnlyList<(string From, string To)>> RebindsAsync(CancellationToken cancellationToken);
}
