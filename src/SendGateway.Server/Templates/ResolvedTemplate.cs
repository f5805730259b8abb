namespace SendGateway.Server.Templates;

/// <summary>A stored template's version as a message is accepted with it: its parts and its layout's frames.</summary>
internal sealed record ResolvedTemplate(string Id, int Version, string? Subject, string? Text, string? Html, string? TextLayout, string? HtmlLayout);
