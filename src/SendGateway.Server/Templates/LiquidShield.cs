using System.Text.RegularExpressions;

namespace SendGateway.Server.Templates;

/// <summary>
/// Keeps a template's Liquid intact through an HTML parser: every <c>{{ … }}</c> and <c>{% … %}</c> becomes an HTML
/// comment token first (a comment stays where it is even between table rows, where the HTML parser would move
/// text; inside an attribute it is plain text), and is put back after.
/// </summary>
internal sealed partial class LiquidShield
{
    private readonly List<string> _tags = [];

    public string Protect(string source) => LiquidTag().Replace(source, match =>
    {
        _tags.Add(match.Value);
        return $"<!--sgtpl:{_tags.Count - 1}-->";
    });

    public string Restore(string text) => Token().Replace(text, match =>
        int.TryParse(match.Groups[1].ValueSpan, out var index) && index < _tags.Count ? _tags[index] : match.Value);

    [GeneratedRegex(@"\{\{.*?\}\}|\{%.*?%\}", RegexOptions.Singleline, matchTimeoutMilliseconds: 1000)]
    private static partial Regex LiquidTag();

    [GeneratedRegex(@"<!--sgtpl:(\d{1,9})-->", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Token();
}
