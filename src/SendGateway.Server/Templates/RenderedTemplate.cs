namespace SendGateway.Server.Templates;

/// <summary>A preview's result: what a recipient with these vars would get.</summary>
public sealed record RenderedTemplate(string? Subject, string? Html, string? Text);
