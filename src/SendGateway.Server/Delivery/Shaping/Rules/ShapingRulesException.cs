namespace SendGateway.Server.Delivery.Shaping.Rules;

/// <summary>A rules file that cannot be used: one problem, with the file and the line it is on (0: the whole file, e.g. unreadable).</summary>
internal sealed class ShapingRulesException(string file, int line, string problem)
    : Exception(line > 0 ? $"Shaping rules file {file}, line {line}: {problem}" : $"Shaping rules file {file}: {problem}")
{
    public string File { get; } = file;

    public int Line { get; } = line;

    public string Problem { get; } = problem;
}
