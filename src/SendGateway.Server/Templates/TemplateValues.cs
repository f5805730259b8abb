using System.Text.Json;
using Fluid.Values;

namespace SendGateway.Server.Templates;

/// <summary>
/// The values a render sees: the JSON of <c>vars</c> turned into Liquid values (strings, numbers, booleans, arrays,
/// objects; nothing else is reachable). A recipient's own value wins over the shared one. A flat name with dots
/// (<c>"order.total"</c>, how inline <c>{{ order.total }}</c> was filled before nested values existed) is read as
/// the nested path.
/// </summary>
internal static class TemplateValues
{
    /// <summary>The reserved variable holding the recipient's one-click unsubscribe link (made at delivery).</summary>
    public const string UnsubscribeUrl = "unsubscribe_url";

    /// <summary>What <see cref="UnsubscribeUrl"/> holds when a template is checked before delivery (about a real link's length).</summary>
    public static readonly string UnsubscribeStandIn = "https://unsubscribe.invalid/u/" + new string('x', 120);

    public static Dictionary<string, FluidValue> Merge(
        IReadOnlyDictionary<string, JsonElement>? recipient, IReadOnlyDictionary<string, JsonElement>? shared, string? unsubscribeUrl = null)
    {
        var tree = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var vars in new[] { shared, recipient })
        {
            foreach (var (name, value) in vars ?? new Dictionary<string, JsonElement>())
            {
                Put(tree, name, From(value));
            }
        }

        if (unsubscribeUrl is not null)
        {
            tree[UnsubscribeUrl] = StringValue.Create(unsubscribeUrl); // reserved: a var of that name does not replace it
        }

        return tree.ToDictionary(p => p.Key, p => Freeze(p.Value), StringComparer.Ordinal);
    }

    public static FluidValue From(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => StringValue.Create(value.GetString()!),
        JsonValueKind.Number => value.TryGetDecimal(out var number) ? NumberValue.Create(number) : StringValue.Create(value.GetRawText()),
        JsonValueKind.True => BooleanValue.True,
        JsonValueKind.False => BooleanValue.False,
        JsonValueKind.Array => new ArrayValue(value.EnumerateArray().Select(From).ToList()),
        JsonValueKind.Object => new DictionaryValue(new FluidValueDictionaryFluidIndexable(
            value.EnumerateObject().GroupBy(p => p.Name).ToDictionary(g => g.Key, g => From(g.Last().Value), StringComparer.Ordinal))),
        _ => NilValue.Instance,
    };

    private static void Put(Dictionary<string, object> tree, string name, FluidValue value)
    {
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot == name.Length - 1)
        {
            tree[name] = value;
            return;
        }

        var head = name[..dot];
        if (!tree.TryGetValue(head, out var node) || node is not Dictionary<string, object> branch)
        {
            if (node is FluidValue)
            {
                tree[name] = value; // "a" is a value of its own: keep "a.b" as a plain name rather than lose either
                return;
            }

            branch = new Dictionary<string, object>(StringComparer.Ordinal);
            tree[head] = branch;
        }

        Put(branch, name[(dot + 1)..], value);
    }

    private static FluidValue Freeze(object node) => node switch
    {
        FluidValue value => value,
        Dictionary<string, object> branch => new DictionaryValue(new FluidValueDictionaryFluidIndexable(
            branch.ToDictionary(p => p.Key, p => Freeze(p.Value), StringComparer.Ordinal))),
        _ => NilValue.Instance,
    };
}
