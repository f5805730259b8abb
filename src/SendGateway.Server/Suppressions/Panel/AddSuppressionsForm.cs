using System.Text.RegularExpressions;

namespace SendGateway.Server.Suppressions.Panel;

/// <summary>The Suppressions page's "add": addresses or @domains, one per line, with one reason.</summary>
internal sealed partial class AddSuppressionsForm
{
    public string? Entries { get; set; }

    public string Reason { get; set; } = SuppressionReasons.Manual;

    public IReadOnlyList<SuppressionInput> ToInputs() => [.. Split().Select(e => new SuppressionInput(e.Entry, Reason, null))];

    /// <summary>
    /// The errors of <see cref="SuppressionChanges.AddAsync"/>, whose keys name the API's array (<c>suppressions[3].email</c>),
    /// named by the pasted text's line instead (<c>Line 5 (bob@)</c>): the person pasted lines, not JSON.
    /// </summary>
    public Dictionary<string, string[]> NamedByLine(Dictionary<string, string[]> errors)
    {
        var entries = Split();
        var named = new Dictionary<string, string[]>();
        foreach (var (key, messages) in errors)
        {
            var index = Indexed().Match(key);
            var name = index.Success && int.TryParse(index.Groups[1].ValueSpan, out var i) && i < entries.Count
                ? $"Line {entries[i].Line} ({entries[i].Entry})"
                : key == "suppressions" ? "Entries" : key;
            named[name] = named.TryGetValue(name, out var earlier) ? [.. earlier, .. messages] : messages;
        }

        return named;
    }

    /// <summary>Each entry with its line (from 1) in the pasted text; a line may hold several, apart by commas, semicolons or spaces.</summary>
    private List<(int Line, string Entry)> Split() =>
        [.. (Entries ?? string.Empty).Split('\n').SelectMany((line, i) =>
            line.Split([',', ';', ' ', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(entry => (i + 1, entry)))];

    [GeneratedRegex(@"^suppressions\[(\d+)\]\.")]
    private static partial Regex Indexed();
}
