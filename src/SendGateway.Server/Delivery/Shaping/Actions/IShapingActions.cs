namespace SendGateway.Server.Delivery.Shaping.Actions;

/// <summary>
/// Shaping actions shared by the nodes (throttle, suspend per provider and source address; they expire by themselves).
/// Read on every attempt to a recognised provider, so an implementation answers from memory or one Redis read.
/// </summary>
internal interface IShapingActions
{
    ValueTask<ProviderActions> ForProviderAsync(string provider, CancellationToken cancellationToken);

    /// <summary>
    /// An attempt to <paramref name="provider"/> from <paramref name="sourceAddress"/> (null: the default route) ended with
    /// <paramref name="outcome"/>: a reply matching a throttle or suspend rule starts (or extends) an action.
    /// </summary>
    ValueTask ObserveAsync(string provider, string? sourceAddress, DeliveryOutcome outcome, CancellationToken cancellationToken);
}
