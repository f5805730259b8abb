namespace SendGateway.Server.Delivery.Shaping.Actions;

/// <summary><c>GET /v1/admin/shaping/actions</c>: the version of the rules in effect on the answering node and the actions in effect, soonest to end first.</summary>
internal sealed record ShapingActionList(string RulesVersion, IReadOnlyList<ShapingAction> Actions);
