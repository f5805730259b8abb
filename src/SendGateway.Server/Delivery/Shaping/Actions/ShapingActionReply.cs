namespace SendGateway.Server.Delivery.Shaping.Actions;

/// <summary>The reply that started (or last extended) a shaping action: its codes, its text (cut) and the MX host that sent it.</summary>
internal sealed record ShapingActionReply(int? Code, string? EnhancedCode, string Text, string? Mx);
