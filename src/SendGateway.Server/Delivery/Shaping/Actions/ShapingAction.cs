namespace SendGateway.Server.Delivery.Shaping.Actions;

/// <summary>
/// A throttle or suspension in effect for one provider and one source address (<c>default</c>: the host's default route),
/// as <c>GET /v1/admin/shaping/actions</c> lists it: the rule that started it, the reply that triggered it, since when and
/// until when (an extension moves <see cref="Until"/> and keeps <see cref="Id"/> and <see cref="Since"/>).
/// </summary>
/// <param name="ThrottlePerMinute">For a throttle, the attempts per minute allowed from the address to the provider.</param>
internal sealed record ShapingAction(
    string Id, string Provider, string SourceAddress, string Rule, string Kind, int? ThrottlePerMinute, ShapingActionReply Reply,
    DateTimeOffset Since, DateTimeOffset Until);
