namespace SendGateway.Server.Delivery.Connections;

/// <summary>Where to deliver a domain's mail, or why it cannot be (a failed outcome).</summary>
internal sealed record ResolveOutcome(IReadOnlyList<DeliveryTarget> Targets, DeliveryOutcome? Failure);
