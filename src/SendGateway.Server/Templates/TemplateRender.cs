namespace SendGateway.Server.Templates;

/// <summary>
/// One part rendered for one recipient: the output, or every variable it printed that had no value (in the order
/// met, each once), or the problem that stopped it (a syntax error, a limit reached).
/// </summary>
internal sealed record TemplateRender(string? Output, IReadOnlyList<string> Missing, string? Error)
{
    public bool Succeeded => Error is null && Missing.Count == 0;
}
