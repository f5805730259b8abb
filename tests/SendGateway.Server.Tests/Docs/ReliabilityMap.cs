using System.Globalization;
using System.Text.RegularExpressions;

namespace SendGateway.Server.Tests.Docs;

/// <summary>
/// docs/reliability.md read as data: its rows (one per case of the reliability catalogue's sections A to H, in tables
/// of six columns: case, fault, tests, what they assert, verdict, note) and the rules that keep it true. Each rule
/// returns what is wrong, one sentence per problem, so a failing test says which row to fix.
/// </summary>
public static partial class ReliabilityMap
{
    /// <summary>The catalogue's sections A to H and the cases each holds.</summary>
    public static IReadOnlyDictionary<char, (int First, int Last)> Sections { get; } = new Dictionary<char, (int, int)>
    {
        ['A'] = (1, 32), ['B'] = (33, 46), ['C'] = (47, 58), ['D'] = (59, 80), ['E'] = (81, 95), ['F'] = (96, 103), ['G'] = (104, 111), ['H'] = (112, 127),
    };

    /// <summary>The verdicts a row may give (the page's "Reading the tables" explains each).</summary>
    public static IReadOnlyList<string> Verdicts { get; } = ["covered", "partial", "none", "later", "cannot arise", "tool"];

    /// <summary>Verdicts that claim a test drives the case: such a row names at least one.</summary>
    private static readonly string[] Tested = ["covered", "partial"];

    /// <summary>The rows of the page, each with the section heading (<c>## A. …</c>) it sits under.</summary>
    public static IReadOnlyList<ReliabilityMapRow> Read(string page)
    {
        var rows = new List<ReliabilityMapRow>();
        var section = ' ';
        var lines = page.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (SectionHeading().Match(line) is { Success: true } heading)
            {
                section = heading.Groups[1].Value[0];
            }
            else if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                section = ' ';
            }

            if (CaseRow().Match(line) is not { Success: true } row)
            {
                continue;
            }

            var cells = line.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray();
            if (cells.Length != 6)
            {
                throw new FormatException($"docs/reliability.md line {i + 1} ({row.Groups[1].Value}) has {cells.Length} cells, not 6: a '|' inside a cell?");
            }

            var rest = TestName().Replace(cells[2], "");
            if (!rest.All(c => c is ';' or ' ' or '—'))
            {
                throw new FormatException($"docs/reliability.md line {i + 1} ({cells[0]}): the tests column holds more than `Class.Method` names separated by ';': '{rest.Trim()}'");
            }

            var tests = TestName().Matches(cells[2]).Select(m => (m.Groups[1].Value, m.Groups[2].Value)).ToList();
            rows.Add(new ReliabilityMapRow(cells[0], section, tests, cells[4], cells[5], i + 1));
        }

        return rows;
    }

    /// <summary>Every case of sections A to H has exactly one row, under its own section; no other case has a row.</summary>
    public static IEnumerable<string> CaseProblems(IReadOnlyList<ReliabilityMapRow> rows)
    {
        foreach (var (section, (first, last)) in Sections)
        {
            for (var n = first; n <= last; n++)
            {
                var id = $"T{n:00}";
                var found = rows.Where(r => r.Case == id).ToList();
                if (found.Count != 1)
                {
                    yield return $"{id} has {found.Count} rows, not one";
                }
                else if (found[0].Section != section)
                {
                    yield return $"{id} (line {found[0].Line}) sits under section '{found[0].Section}', not {section}";
                }
            }
        }

        foreach (var row in rows.Where(r => !Sections.Values.Any(s => CaseNumber(r.Case) is var n && n >= s.First && n <= s.Last)))
        {
            yield return $"{row.Case} (line {row.Line}) is not a case of sections A to H";
        }
    }

    /// <summary>
    /// Every verdict is an allowed word; a row that says a test drives the case (covered, partial) names one; a row
    /// without a test (none, later, cannot arise, tool) says why in its last column.
    /// </summary>
    public static IEnumerable<string> VerdictProblems(IReadOnlyList<ReliabilityMapRow> rows)
    {
        foreach (var row in rows)
        {
            if (!Verdicts.Contains(row.Verdict))
            {
                yield return $"{row.Case} (line {row.Line}): '{row.Verdict}' is not a verdict ({string.Join(", ", Verdicts)})";
            }
            else if (Tested.Contains(row.Verdict) && row.Tests.Count == 0)
            {
                yield return $"{row.Case} (line {row.Line}) is '{row.Verdict}' but names no test as `Class.Method`";
            }
            else if (!Tested.Contains(row.Verdict) && row.Note is "" or "—")
            {
                yield return $"{row.Case} (line {row.Line}) is '{row.Verdict}' and does not say why";
            }
        }
    }

    /// <summary>Every test a row names exists: its class is declared under tests/ and has a test method of that name.</summary>
    public static IEnumerable<string> MissingTests(IReadOnlyList<ReliabilityMapRow> rows, IReadOnlyDictionary<string, HashSet<string>> tests)
    {
        foreach (var row in rows)
        {
            foreach (var (type, method) in row.Tests)
            {
                if (!tests.TryGetValue(type, out var methods))
                {
                    yield return $"{row.Case} (line {row.Line}) names {type}.{method}: no class {type} under tests/";
                }
                else if (!methods.Contains(method))
                {
                    yield return $"{row.Case} (line {row.Line}) names {type}.{method}: {type} has no test method {method}";
                }
            }
        }
    }

    /// <summary>The summary table (under <c>## Summary</c>) counts, per section, the rows and each verdict as the tables give them.</summary>
    public static IEnumerable<string> SummaryProblems(string page, IReadOnlyList<ReliabilityMapRow> rows)
    {
        var lines = page.Split('\n').Select(l => l.TrimEnd('\r')).SkipWhile(l => l != "## Summary").Skip(1)
            .TakeWhile(l => !l.StartsWith("## ", StringComparison.Ordinal)).Where(l => l.StartsWith('|')).ToList();
        if (lines.Count < 2)
        {
            yield return "no summary table under '## Summary'";
            yield break;
        }

        var header = Cells(lines[0]);
        var seen = new HashSet<char>();
        foreach (var line in lines.Skip(2))
        {
            var cells = Cells(line);
            var section = cells[0][0];
            seen.Add(section);
            var inSection = rows.Where(r => r.Section == section).ToList();
            for (var c = 1; c < header.Length; c++)
            {
                var expected = c == 1 ? inSection.Count : inSection.Count(r => r.Verdict == header[c]);
                if (!int.TryParse(cells[c], NumberStyles.None, CultureInfo.InvariantCulture, out var given) || given != expected)
                {
                    yield return $"summary, section {section}, '{header[c]}': the page says {cells[c]}, the rows make {expected}";
                }
            }
        }

        foreach (var missing in Sections.Keys.Where(s => !seen.Contains(s)))
        {
            yield return $"summary has no line for section {missing}";
        }
    }

    private static string[] Cells(string line) => line.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray();

    private static int CaseNumber(string id) => int.Parse(id.AsSpan(1), CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^## ([A-H])\. ")]
    private static partial Regex SectionHeading();

    [GeneratedRegex(@"^\| (T\d+) \|")]
    private static partial Regex CaseRow();

    [GeneratedRegex(@"`([A-Za-z_]\w*)\.([A-Za-z_]\w*)`")]
    private static partial Regex TestName();
}
