namespace SendGateway.Server.Templates;

/// <summary>What one version holds, as stored: its parts after CSS inlining, and whether its text was generated from its html.</summary>
internal sealed record TemplateVersionContent(string? Subject, string? Html, string? Text, string? LayoutId, bool InlineCss, bool AutoText, bool TextGenerated);
