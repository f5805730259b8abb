namespace SendGateway.Server.Templates;

/// <summary>
/// A message rendered for one recipient, or why it cannot be: every variable printed without a value (all parts
/// together, each once) and every problem, each naming its part (<c>html: Syntax error … at (3:5)</c>).
/// </summary>
internal sealed record RenderedParts(string? Subject, string? Text, string? Html, IReadOnlyList<string> Missing, IReadOnlyList<string> Errors)
{
    public bool Succeeded => Missing.Count == 0 && Errors.Count == 0;

    public long Length => (Subject?.Length ?? 0L) + (Text?.Length ?? 0) + (Html?.Length ?? 0);
}
