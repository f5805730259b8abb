using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace SendGateway.Server.Delivery.Shaping.Rules;

/// <summary>
/// Typed reads of a rules file's YAML nodes (YamlDotNet's representation model keeps each node's line): every wrong
/// shape, unknown key or value out of range becomes a <see cref="ShapingRulesException"/> naming the file and the line.
/// </summary>
internal sealed partial class RulesYaml(string file, ShapingRulesOptions options)
{
    public string File => file;

    public ShapingRulesOptions Options => options;

    public ShapingRulesException Error(YamlNode node, string problem) => new(file, Line(node), problem);

    public static int Line(YamlNode node) => (int)node.Start.Line;

    /// <summary>The node as a mapping whose keys are all in <paramref name="allowed"/> (each key a plain string).</summary>
    public IReadOnlyDictionary<string, YamlNode> Mapping(YamlNode node, string what, params string[] allowed)
    {
        if (node is not YamlMappingNode mapping)
        {
            throw Error(node, $"{what} must be a mapping of {string.Join(", ", allowed)}.");
        }

        var result = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (key, value) in mapping.Children)
        {
            var name = (key as YamlScalarNode)?.Value;
            if (name is null || Array.IndexOf(allowed, name) < 0)
            {
                throw Error(key, $"unknown key '{Shorten(name ?? key.ToString())}' in {what} (allowed: {string.Join(", ", allowed)}).");
            }

            result[name] = value;
        }

        return result;
    }

    public IReadOnlyList<YamlNode> Sequence(YamlNode node, string what) =>
        node is YamlSequenceNode sequence ? [.. sequence.Children] : throw Error(node, $"{what} must be a list.");

    public string String(YamlNode node, string what) =>
        node is YamlScalarNode { Value: { Length: > 0 } value } ? value : throw Error(node, $"{what} must be a non-empty text.");

    public int Integer(YamlNode node, string what, int min, int max) =>
        node is YamlScalarNode { Value: { } text }
        && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw Error(node, $"{what} must be a whole number from {min} to {max}.");

    /// <summary>A duration as the file writes it: a number and s, m, h or d (<c>30s</c>, <c>15m</c>, <c>1h</c>, <c>1d</c>).</summary>
    public TimeSpan Duration(YamlNode node, string what)
    {
        var text = (node as YamlScalarNode)?.Value ?? string.Empty;
        var match = DurationPattern().Match(text);
        if (!match.Success)
        {
            throw Error(node, $"{what} must be a number followed by s, m, h or d (30s, 15m, 1h, 1d).");
        }

        var number = long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var duration = match.Groups[2].Value switch
        {
            "s" => TimeSpan.FromSeconds(number),
            "m" => TimeSpan.FromMinutes(number),
            "h" => TimeSpan.FromHours(number),
            _ => TimeSpan.FromDays(number),
        };
        return duration > TimeSpan.Zero && duration <= options.MaxActionDuration
            ? duration
            : throw Error(node, $"{what} must be more than 0 and at most {options.MaxActionDuration} (MaxActionDuration).");
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    [System.Text.RegularExpressions.GeneratedRegex(@"^([0-9]{1,6})([smhd])$")]
    private static partial System.Text.RegularExpressions.Regex DurationPattern();
}
