using System.Text.RegularExpressions;

namespace SendGateway.IntegrationTests.Docs;

/// <summary>
/// The shell blocks a page marks with <c>&lt;!-- tour --&gt;</c> on the line before the fence, as a reader copies them;
/// <see cref="Runnable"/> drops the lines that only set a variable the test supplies (<c>SG_KEY=sgk_…</c>, whose value the
/// reader takes from the banner), so the rest runs unchanged.
/// </summary>
public static partial class TourBlocks
{
    public const string Marker = "<!-- tour -->";

    public static IReadOnlyList<string> In(string markdown)
    {
        var blocks = new List<string>();
        var lines = markdown.ReplaceLineEndings("\n").Split('\n');
        for (var i = 0; i < lines.Length - 1; i++)
        {
            if (lines[i].Trim() != Marker || !lines[i + 1].StartsWith("```sh", StringComparison.Ordinal))
            {
                continue;
            }

            var end = Array.FindIndex(lines, i + 2, l => l.StartsWith("```", StringComparison.Ordinal));
            if (end < 0)
            {
                throw new InvalidOperationException($"the tour block after line {i + 1} has no closing fence");
            }

            blocks.Add(string.Join('\n', lines[(i + 2)..end]));
        }

        return blocks;
    }

    public static string Runnable(string block, IReadOnlyDictionary<string, string> supplied) =>
        string.Join('\n', block.Split('\n').Where(line =>
        {
            var match = OnlyAssignments().Match(line);
            return !match.Success || !match.Groups["name"].Captures.All(c => supplied.ContainsKey(c.Value));
        }));

    [GeneratedRegex(@"^(?:\s*(?<name>SG_[A-Z_]+)=(?:'[^']*'|""[^""]*""|\S*))+\s*(?:#.*)?$")]
    private static partial Regex OnlyAssignments();
}
