using System.Globalization;
using Microsoft.Extensions.Primitives;

namespace SendGateway.Server.EmailLabs;

/// <summary>
/// A form as PHP's <c>parse_str</c> reads what <c>http_build_query</c> wrote: <c>to[ann@x.test][vars][name]=Ann</c> is a path
/// of keys, <c>tags[]=a&amp;tags[]=b</c> appends (0, 1, …), a later value of the same path replaces the earlier one. Nesting
/// past <see cref="MaxDepth"/> levels or an unclosed bracket is refused (<see cref="FormatException"/>): no silent guess.
/// The form reader's own limits (fields, key and value length, body size) bound the input before it gets here.
/// </summary>
internal sealed class PhpForm
{
    public const int MaxDepth = 6;

    private readonly OrderedDictionary<string, PhpForm> _children = new(StringComparer.Ordinal);
    private int _nextIndex;

    /// <summary>The value of a leaf; null for a node with children.</summary>
    public string? Value { get; private set; }

    public IEnumerable<KeyValuePair<string, PhpForm>> Children => _children;

    public bool HasChildren => _children.Count > 0;

    public PhpForm? this[string key] => _children.GetValueOrDefault(key);

    /// <summary>The leaf value at <paramref name="key"/>, or null (also when it has children).</summary>
    public string? Text(string key) => this[key]?.Value;

    public static PhpForm Parse(IEnumerable<KeyValuePair<string, StringValues>> fields)
    {
        var root = new PhpForm();
        foreach (var (key, values) in fields)
        {
            foreach (var value in values)
            {
                root.Set(Path(key), value ?? string.Empty);
            }
        }

        return root;
    }

    private static List<string?> Path(string key)
    {
        var open = key.IndexOf('[', StringComparison.Ordinal);
        var segments = new List<string?> { open < 0 ? key : key[..open] };
        while (open >= 0)
        {
            var close = key.IndexOf(']', open + 1);
            if (close < 0)
            {
                throw new FormatException($"The field name '{Shorten(key)}' has an unclosed bracket.");
            }

            segments.Add(close == open + 1 ? null : key[(open + 1)..close]); // "[]": the next index
            if (segments.Count > MaxDepth + 1)
            {
                throw new FormatException($"The field name '{Shorten(key)}' nests deeper than {MaxDepth} levels.");
            }

            open = close + 1 < key.Length ? (key[close + 1] == '[' ? close + 1 : throw new FormatException($"The field name '{Shorten(key)}' has text after a bracket.")) : -1;
        }

        return segments;
    }

    private void Set(List<string?> path, string value)
    {
        var node = this;
        foreach (var segment in path)
        {
            var key = segment ?? node._nextIndex.ToString(CultureInfo.InvariantCulture);
            if (!node._children.TryGetValue(key, out var child))
            {
                child = new PhpForm();
                node._children[key] = child;
                if (int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index >= node._nextIndex && index < int.MaxValue)
                {
                    node._nextIndex = index + 1;
                }
            }

            node.Value = null; // a node with children is not also a value (PHP replaces one with the other)
            node = child;
        }

        node._children.Clear();
        node.Value = value;
    }

    private static string Shorten(string key) => key.Length <= 60 ? key : key[..60] + "…";
}
