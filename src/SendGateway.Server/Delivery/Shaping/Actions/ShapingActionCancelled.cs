namespace SendGateway.Server.Delivery.Shaping.Actions;

/// <summary><c>DELETE /v1/admin/shaping/actions/{id}</c>: the action cancelled and how many held messages were made due at once.</summary>
internal sealed record ShapingActionCancelled(ShapingAction Action, long Released);
