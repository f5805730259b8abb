namespace SendGateway.Server.Delivery.Holds;

/// <summary>No queue control is in effect.</summary>
internal sealed class NoQueueControls : IQueueControls
{
    private static readonly IReadOnlyDictionary<string, string> None = new Dictionary<string, string>();

    public ValueTask<QueueControlDecision?> CheckAsync(string tenantId, string domain, string? pool, DateTimeOffset acceptedAt, CancellationToken cancellationToken) =>
        ValueTask.FromResult<QueueControlDecision?>(null);

    public ValueTask<IReadOnlyDictionary<string, string>> HeldSourcesAsync(CancellationToken cancellationToken) => ValueTask.FromResult(None);

    public ValueTask<IReadOnlyList<(string From, string To)>> RebindsAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<(string From, string To)>>([]);
}
