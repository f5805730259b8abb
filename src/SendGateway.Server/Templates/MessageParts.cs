namespace SendGateway.Server.Templates;

/// <summary>
/// The template sources of one message: subject, text and html, and the layout's frames (a stored template's
/// layout, with <c>{{ content }}</c> where the part goes; none for inline content).
/// </summary>
internal sealed record MessageParts(string? Subject, string? Text, string? Html, string? TextLayout = null, string? HtmlLayout = null);
