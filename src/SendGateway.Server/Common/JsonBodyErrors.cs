using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace SendGateway.Server.Common;

/// <summary>
/// Says what is wrong with a JSON body that System.Text.Json refused, in the API's own words: a field given in the
/// wrong shape names the shape it must have (<c>$.from must be an object {email, name}</c>), an unknown field is named
/// with the nearest known one, and a syntax error gives its line and position. The serializer's own messages name
/// .NET types, which say nothing to a caller; the shapes are read from the serializer's contract for the body type, so
/// they follow the naming policy and every change of the request types.
/// </summary>
internal static class JsonBodyErrors
{
    private const string UnmappedMarker = "could not be mapped to any .NET member";
    private const string ConversionMarker = "could not be converted";

    public static string Describe(JsonException exception, Type body, JsonSerializerOptions options)
    {
        if (exception is JsonItemException { Item: var item } outer)
        {
            var itemPath = $"{outer.Path ?? "$"}[{outer.Index}]{(item.Path ?? "$")[1..]}";
            return Describe(new JsonException(item.Message, itemPath, item.LineNumber, item.BytePositionInLine), body, options);
        }

        var path = exception.Path ?? "$";
        if (exception.Message.Contains(UnmappedMarker, StringComparison.Ordinal) && Quoted(exception.Message) is { } field)
        {
            var container = Resolve(path, body, options, out var resolvedAll) is { } found && !resolvedAll ? found : Resolve(Parent(path), body, options, out _);
            var known = container is null ? [] : Fields(options.GetTypeInfo(container));
            var nearest = Nearest(field, known);
            return nearest is null
                ? $"Unknown field '{Cut(field)}' at {Parent(path)}."
                : $"Unknown field '{Cut(field)}' at {Parent(path)}; did you mean '{nearest}'?";
        }

        if (exception.Message.Contains(ConversionMarker, StringComparison.Ordinal) && Resolve(path, body, options, out var complete) is { } target && complete)
        {
            return $"{path} must be {Shape(target, options)}.";
        }

        return exception.LineNumber is { } line
            ? $"The body is not valid JSON (line {line + 1}, position {exception.BytePositionInLine + 1})."
            : $"The body is not valid JSON for this endpoint ({path}).";
    }

    /// <summary>The shape a JSON value of <paramref name="type"/> must have, in words.</summary>
    public static string Shape(Type type, JsonSerializerOptions options)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return "a string";
        }

        if (type == typeof(bool))
        {
            return "true or false";
        }

        if (type == typeof(int) || type == typeof(long) || type == typeof(short))
        {
            return "a whole number";
        }

        if (type == typeof(double) || type == typeof(decimal) || type == typeof(float))
        {
            return "a number";
        }

        if (type == typeof(DateTimeOffset) || type == typeof(DateTime))
        {
            return "a date and time as an ISO 8601 string";
        }

        if (type == typeof(JsonElement))
        {
            return "a JSON value";
        }

        var info = options.GetTypeInfo(type);
        return info.Kind switch
        {
            JsonTypeInfoKind.Enumerable => $"an array of {Plural(info.ElementType!, options)}",
            JsonTypeInfoKind.Dictionary => $"an object of names to {Plural(info.ElementType!, options)}",
            JsonTypeInfoKind.Object => $"an object {{{string.Join(", ", Fields(info))}}}",
            _ => "a JSON value",
        };
    }

    private static string Plural(Type element, JsonSerializerOptions options) => Shape(element, options) switch
    {
        "a string" => "strings",
        "true or false" => "booleans",
        "a whole number" => "whole numbers",
        "a number" => "numbers",
        var other when other.StartsWith("an object {", StringComparison.Ordinal) => "objects " + other["an object ".Length..],
        var other => other,
    };

    private static List<string> Fields(JsonTypeInfo info) =>
        info.Kind == JsonTypeInfoKind.Object ? info.Properties.Where(p => p.Set is not null || p.AssociatedParameter is not null).Select(p => p.Name).ToList() : [];

    /// <summary>The .NET type at a JSON path such as <c>$.to[0].vars</c>; <paramref name="complete"/> is false when only a prefix resolved.</summary>
    private static Type? Resolve(string path, Type root, JsonSerializerOptions options, out bool complete)
    {
        var current = root;
        complete = false;
        foreach (var segment in Segments(path))
        {
            var info = options.GetTypeInfo(Nullable.GetUnderlyingType(current) ?? current);
            Type? next = info.Kind switch
            {
                JsonTypeInfoKind.Enumerable when segment.Index => info.ElementType,
                JsonTypeInfoKind.Dictionary when !segment.Index => info.ElementType,
                JsonTypeInfoKind.Object when !segment.Index => info.Properties.FirstOrDefault(p => p.Name == segment.Name)?.PropertyType,
                _ => null,
            };
            if (next is null)
            {
                return current;
            }

            current = next;
        }

        complete = true;
        return current;
    }

    private static IEnumerable<(string Name, bool Index)> Segments(string path)
    {
        var i = path.StartsWith('$') ? 1 : 0;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var end = path.IndexOfAny(['.', '['], i + 1);
                end = end < 0 ? path.Length : end;
                yield return (path[(i + 1)..end], false);
                i = end;
            }
            else if (path[i] == '[' && i + 1 < path.Length && path[i + 1] == '\'')
            {
                var end = path.IndexOf("']", i + 2, StringComparison.Ordinal);
                end = end < 0 ? path.Length : end;
                yield return (path[(i + 2)..end], false);
                i = Math.Min(path.Length, end + 2);
            }
            else if (path[i] == '[')
            {
                var end = path.IndexOf(']', i);
                end = end < 0 ? path.Length : end;
                yield return (path[(i + 1)..end], true);
                i = Math.Min(path.Length, end + 1);
            }
            else
            {
                yield break;
            }
        }
    }

    private static string Parent(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut <= 0 ? "$" : path[..cut];
    }

    private static string? Quoted(string message)
    {
        var start = message.IndexOf('\'');
        var end = start < 0 ? -1 : message.IndexOf('\'', start + 1);
        return end > start ? message[(start + 1)..end] : null;
    }

    private static string Cut(string field) => field.Length <= 64 ? field : field[..64] + "…";

    /// <summary>The known field closest to <paramref name="field"/> by edit distance, when close enough to be a slip.</summary>
    private static string? Nearest(string field, IReadOnlyCollection<string> known)
    {
        if (field.Length > 64 || known.Count == 0)
        {
            return null;
        }

        var best = known.Select(k => (Name: k, Distance: Distance(field.ToLowerInvariant(), k))).MinBy(k => k.Distance);
        return best.Distance <= Math.Max(2, field.Length / 3) ? best.Name : null;
    }

    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }
}
