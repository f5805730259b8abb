namespace SendGateway.Server.Delivery.Shaping.Actions;

/// <summary>No actions are taken or in effect.</summary>
internal sealed class NoShapingActions : IShapingActions
{
    public ValueTask<ProviderActions> ForProviderAsync(string provider, CancellationToken cancellationToken) => ValueTask.FromResult(ProviderActions.None);

    public ValueTask ObserveAsync(string provider, string? sourceAddress, DeliveryOutcome outcome, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
