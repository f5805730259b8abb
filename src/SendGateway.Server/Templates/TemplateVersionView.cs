namespace SendGateway.Server.Templates;

/// <summary>One immutable version of a template.</summary>
public sealed record TemplateVersionView(
    int Version, bool Active, string? Subject, string? Html, string? Text, string? LayoutId, bool InlineCss, bool AutoText, bool TextGenerated, DateTimeOffset CreatedAt);
