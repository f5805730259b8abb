namespace SendGateway.Server.Delivery.Holds;

/// <summary>The queue control that applies to one attempt: its id (the hold key's), and for a rebind the pool to send from.</summary>
internal sealed record QueueControlDecision(QueueControlAction Action, string ControlId, string? Pool = null);
