namespace SendGateway.Server.Templates;

/// <summary>
/// A scan before parsing, because the parser recurses once per nested block and per nested expression and a deep
/// enough template would overflow the stack, which no exception handler survives: blocks may nest at most
/// <see cref="TemplatesOptions.MaxNesting"/> deep and a tag may hold at most <see cref="TemplatesOptions.MaxTagLength"/>
/// characters. Everything else (syntax) is the parser's.
/// </summary>
internal static class TemplateShape
{
    private static readonly HashSet<string> Blocks = ["if", "unless", "for", "case", "capture", "tablerow", "comment", "raw"];

    /// <summary>The first problem, or null.</summary>
    public static string? Check(string source, int maxNesting, int maxTagLength)
    {
        var depth = 0;
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < source.Length - 1; i++)
        {
            if (source[i] == '\n')
            {
                line++;
                lineStart = i + 1;
                continue;
            }

            if (source[i] != '{' || source[i + 1] is not ('{' or '%'))
            {
                continue;
            }

            var isTag = source[i + 1] == '%';
            var end = source.IndexOf(isTag ? "%}" : "}}", i + 2, StringComparison.Ordinal);
            var length = (end < 0 ? source.Length : end) - (i + 2);
            if (length > maxTagLength)
            {
                return $"The tag at ({line}:{i - lineStart + 1}) is longer than {maxTagLength} characters.";
            }

            if (end < 0)
            {
                return null; // unclosed: the parser says where
            }

            if (isTag)
            {
                var name = NameOf(source.AsSpan(i + 2, length));
                if (Blocks.Contains(name) && ++depth > maxNesting)
                {
                    return $"Blocks are nested more than {maxNesting} deep at ({line}:{i - lineStart + 1}).";
                }

                if (name.StartsWith("end", StringComparison.Ordinal) && Blocks.Contains(name[3..]))
                {
                    depth = Math.Max(0, depth - 1);
                }
            }

            i = end + 1;
        }

        return null;
    }

    private static string NameOf(ReadOnlySpan<char> tag)
    {
        tag = tag.TrimStart('-').Trim();
        var stop = tag.IndexOfAny(' ', '\t', '\n');
        return (stop < 0 ? tag : tag[..stop]).TrimEnd('-').ToString();
    }
}
