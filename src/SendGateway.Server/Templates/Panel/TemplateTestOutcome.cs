namespace SendGateway.Server.Templates.Panel;

/// <summary>A test send: the queued message's id, or why nothing was queued (each problem as one readable line).</summary>
internal sealed record TemplateTestOutcome(string? MessageId, IReadOnlyList<string> Problems);
