using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace SendGateway.Server.Messages;

/// <summary>
/// A parsed <c>{{ name }}</c> template: literal and variable segments, so the accept path can check every copy
/// renders (and measure its size) without building strings, and the worker renders it once per attempt.
/// </summary>
public sealed partial class Template
{
    private readonly List<(string Text, bool IsVariable)> _segments = [];

    private Template(string source)
    {
        var last = 0;
        foreach (Match match in VariablePattern().Matches(source))
        {
            _segments.Add((source[last..match.Index], false));
            _segments.Add((match.Groups[1].Value, true));
            last = match.Index + match.Length;
        }

        _segments.Add((source[last..], false));
    }

    public static Template Parse(string? source) => new(source ?? string.Empty);

    public IEnumerable<string> Variables => _segments.Where(s => s.IsVariable).Select(s => s.Text);

    /// <summary>The first variable that neither <paramref name="vars"/> nor <paramref name="shared"/> defines, or null.</summary>
    public string? FindMissing(IReadOnlyDictionary<string, string>? vars, IReadOnlyDictionary<string, string>? shared) =>
        Variables.FirstOrDefault(v => Lookup(v, vars, shared) is null);

    public long RenderedLength(IReadOnlyDictionary<string, string>? vars, IReadOnlyDictionary<string, string>? shared) =>
        _segments.Sum(s => (long)(s.IsVariable ? Lookup(s.Text, vars, shared)?.Length ?? 0 : s.Text.Length));

    public string Render(IReadOnlyDictionary<string, string>? vars, IReadOnlyDictionary<string, string>? shared, bool htmlEncode)
    {
        var builder = new StringBuilder();
        foreach (var (text, isVariable) in _segments)
        {
            if (!isVariable)
            {
                builder.Append(text);
                continue;
            }

            var value = Lookup(text, vars, shared) ?? throw new InvalidOperationException($"Template variable '{text}' has no value.");
            builder.Append(htmlEncode ? WebUtility.HtmlEncode(value) : value);
        }

        return builder.ToString();
    }

    private static string? Lookup(string name, IReadOnlyDictionary<string, string>? vars, IReadOnlyDictionary<string, string>? shared) =>
        vars is not null && vars.TryGetValue(name, out var value) ? value : shared is not null && shared.TryGetValue(name, out value) ? value : null;

    [GeneratedRegex(@"\{\{\s*([A-Za-z0-9_.\-]{1,100})\s*\}\}")]
    private static partial Regex VariablePattern();
}
