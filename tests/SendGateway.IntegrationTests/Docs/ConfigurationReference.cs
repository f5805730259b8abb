using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Text;
using SendGateway.Server.Common;
using RangeAttribute = System.ComponentModel.DataAnnotations.RangeAttribute;

namespace SendGateway.IntegrationTests.Docs;

/// <summary>
/// docs/reference/configuration.md, generated from the server's options classes: every key under the section its type is
/// registered with (<see cref="ValidatedOptions.SectionOf"/>), through nested objects, lists and dictionaries, with its
/// type, default (a new instance's value), range (data annotations) and the summary of its XML doc comment.
/// </summary>
internal static class ConfigurationReference
{
    public const string Header = """
        # Configuration reference

        Every option of SendGateway, generated from the code (the options classes, their defaults, ranges and comments).
        Do not edit this page: after changing an option, run `make docs-reference` and commit the result.

        Each key can be set in `appsettings.json`, as an environment variable (`:` becomes `__`, for example
        `SendGateway__Delivery__Concurrency=64`) or on the command line (`--SendGateway:Delivery:Concurrency=64`).
        Durations are written `[d.]hh:mm:ss[.fffffff]`. A value outside its range stops the start with a line naming the key.
        `{name}` stands for a name you choose (a dictionary's key), `{n}` for a list's index from 0.

        """;

    /// <summary>The page for every options type of the server that has been registered in this process.</summary>
    public static string Generate()
    {
        var assembly = typeof(ValidatedOptions).Assembly;
        var roots = assembly.GetTypes()
            .Where(t => t is { IsPublic: true, IsClass: true, IsAbstract: false } && t.Name.EndsWith("Options", StringComparison.Ordinal))
            .Select(t => (Type: t, Section: ValidatedOptions.SectionOf(t)))
            .Where(r => r.Section is not null)
            .ToList();
        if (roots.Count == 0)
        {
            throw new InvalidOperationException("No options type is registered: start the service (a SendGatewayFactory) first.");
        }

        var docs = XmlDocSummaries.For(assembly);
        var rows = new Dictionary<string, Row>(StringComparer.OrdinalIgnoreCase);
        // The type with the most keys first: where two types read the same section (a feature's slice of another's), the
        // main type's rows are kept.
        foreach (var (type, section) in roots.OrderByDescending(r => Properties(r.Type).Length).ThenBy(r => r.Type.FullName, StringComparer.Ordinal))
        {
            foreach (var row in Rows(type, Activator.CreateInstance(type), section!, docs))
            {
                if (!rows.TryGetValue(row.Key, out var kept) || (kept.Description.Length == 0 && row.Description.Length > 0))
                {
                    rows[row.Key] = row;
                }
            }
        }

        var page = new StringBuilder(Header.ReplaceLineEndings("\n"));
        foreach (var group in rows.Values.GroupBy(r => TopSection(r.Key)).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            page.Append("\n## ").Append(group.Key).Append("\n\n| Key | Type | Default | Range | Description |\n|---|---|---|---|---|\n");
            foreach (var row in group) // declaration order: a dictionary keeps its insertion order while nothing is removed
            {
                page.Append(CultureInfo.InvariantCulture, $"| `{row.Key}` | {row.Type} | {row.Default} | {row.Range} | {row.Description} |\n");
            }
        }

        return page.ToString();
    }

    private sealed record Row(string Key, string Type, string Default, string Range, string Description);

    private static IEnumerable<Row> Rows(Type type, object? instance, string prefix, XmlDocSummaries docs)
    {
        foreach (var property in Properties(type))
        {
            var key = $"{prefix}:{property.Name}";
            var value = instance is null ? null : property.GetValue(instance);
            var target = property.PropertyType;
            if (IsOurs(target))
            {
                foreach (var row in Rows(target, value ?? Activator.CreateInstance(target), key, docs))
                {
                    yield return row;
                }

                continue;
            }

            // A list or dictionary: its items' keys, down to a value or an object of ours.
            while (Element(target) is { } element)
            {
                (target, key) = (element.Type, $"{key}:{element.Placeholder}");
            }

            if (IsOurs(target))
            {
                foreach (var row in Rows(target, Activator.CreateInstance(target), key, docs))
                {
                    yield return row;
                }

                continue;
            }

            yield return new Row(key, TypeName(target), Default(value), Range(property), docs.Of(property));
        }
    }

    private static PropertyInfo[] Properties(Type type) =>
        [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p is { CanRead: true, CanWrite: true } && p.GetIndexParameters().Length == 0).OrderBy(p => p.MetadataToken)];

    private static bool IsOurs(Type type) => type.IsClass && type != typeof(string) && type.Assembly == typeof(ValidatedOptions).Assembly;

    /// <summary>A list's or a dictionary's element type and how its keys are written.</summary>
    private static (Type Type, string Placeholder)? Element(Type type)
    {
        if (type.IsArray)
        {
            return (type.GetElementType()!, "{n}");
        }

        if (!type.IsGenericType)
        {
            return null;
        }

        var definition = type.GetGenericTypeDefinition();
        var arguments = type.GetGenericArguments();
        if (definition == typeof(Dictionary<,>) || definition == typeof(IDictionary<,>) || definition == typeof(IReadOnlyDictionary<,>))
        {
            return (arguments[1], "{name}");
        }

        return definition == typeof(List<>) || definition == typeof(IList<>) || definition == typeof(IReadOnlyList<>) || definition == typeof(IEnumerable<>)
            ? (arguments[0], "{n}")
            : null;
    }

    private static string TypeName(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        if (underlying is not null)
        {
            return TypeName(underlying) + " (optional)";
        }

        if (type.IsEnum)
        {
            return "one of " + string.Join(", ", Enum.GetNames(type).Select(n => $"`{n}`"));
        }

        return type == typeof(string) ? "string"
            : type == typeof(bool) ? "boolean"
            : type == typeof(int) || type == typeof(long) || type == typeof(short) ? "integer"
            : type == typeof(double) || type == typeof(decimal) || type == typeof(float) ? "number"
            : type == typeof(TimeSpan) ? "duration"
            : type.Name;
    }

    private static string Default(object? value) => value switch
    {
        null => "none",
        string s when s.Length == 0 => "empty",
        string s when s == Environment.MachineName => "this machine's host name",
        string s => $"`{s.Replace('`', '\'')}`",
        bool b => b ? "`true`" : "`false`",
        TimeSpan t => $"`{Duration(t)}`",
        IDictionary { Count: 0 } or ICollection { Count: 0 } => "none",
        IDictionary map => string.Join(", ", map.Keys.Cast<object>().Select(k => $"`{k}` = {Default(map[k])}")),
        IEnumerable items => string.Join(", ", items.Cast<object?>().Select(Default)),
        IFormattable number => $"`{number.ToString(null, CultureInfo.InvariantCulture)}`",
        _ => $"`{value}`",
    };

    /// <summary><c>00:00:00.2</c> rather than <c>00:00:00.2000000</c>.</summary>
    private static string Duration(TimeSpan value)
    {
        var text = value.ToString("c", CultureInfo.InvariantCulture);
        return text.Contains('.', StringComparison.Ordinal) && text.LastIndexOf('.') > text.LastIndexOf(':') ? text.TrimEnd('0').TrimEnd('.') : text;
    }

    private static string Range(PropertyInfo property)
    {
        var parts = new List<string>();
        foreach (var attribute in property.GetCustomAttributes<ValidationAttribute>())
        {
            parts.Add(attribute switch
            {
                RangeAttribute r => $"{Bound(r.Minimum)} to {Bound(r.Maximum)}",
                StringLengthAttribute s => $"{s.MinimumLength} to {s.MaximumLength} characters",
                MinLengthAttribute m => $"at least {m.Length} characters",
                MaxLengthAttribute m => $"at most {m.Length} characters",
                RequiredAttribute => "required",
                RegularExpressionAttribute x => $"matches `{x.Pattern.Replace("|", "\\|", StringComparison.Ordinal)}`",
                UrlAttribute => "a URL",
                _ => attribute.GetType().Name.Replace("Attribute", string.Empty, StringComparison.Ordinal),
            });
        }

        return string.Join("; ", parts.Order(StringComparer.Ordinal));
    }

    private static string Bound(object value) => Convert.ToString(value, CultureInfo.InvariantCulture)!;

    /// <summary><c>SendGateway:Delivery</c> for <c>SendGateway:Delivery:Retry:FirstDelay</c>.</summary>
    private static string TopSection(string key) => string.Join(':', key.Split(':').Take(2));
}
