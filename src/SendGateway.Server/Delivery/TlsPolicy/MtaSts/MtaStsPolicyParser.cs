using System.Globalization;

namespace SendGateway.Server.Delivery.TlsPolicy.MtaSts;

/// <summary>
/// The policy file (RFC 8461 §3.2): <c>key: value</c> lines ending in LF or CRLF, <c>version: STSv1</c> exactly,
/// <c>mode</c> enforce, testing or none, <c>max_age</c> in seconds (cut to the cap), <c>mx</c> repeated (at least one
/// unless the mode is none); whitespace around values tolerated, unknown keys ignored, the first of a repeated key
/// used. Line count, line length and the number of <c>mx</c> patterns are bounded.
/// </summary>
internal static class MtaStsPolicyParser
{
    /// <summary>A policy, or null and the reason it is invalid.</summary>
    public static (MtaStsPolicy? Policy, string? Error) Parse(string text, string id, MtaStsOptions options)
    {
        string? version = null, mode = null, maxAge = null;
        var mx = new List<string>();
        var lines = text.Split('\n');
        if (lines.Length > options.MaxPolicyLines)
        {
            return (null, $"more than {options.MaxPolicyLines} lines");
        }

        foreach (var raw in lines)
        {
            var line = raw.TrimEnd('\r');
            if (line.Length > options.MaxPolicyLineLength)
            {
                return (null, $"a line longer than {options.MaxPolicyLineLength} characters");
            }

            if (line.Trim(' ', '\t').Length == 0)
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                return (null, "a line that is not 'key: value'");
            }

            var key = line[..colon].Trim(' ', '\t');
            var value = line[(colon + 1)..].Trim(' ', '\t');
            switch (key)
            {
                case "version": version ??= value; break;
                case "mode": mode ??= value; break;
                case "max_age": maxAge ??= value; break;
                case "mx":
                    if (!IsMxPattern(value))
                    {
                        return (null, "an mx value that is not a host name or *.pattern");
                    }

                    if (mx.Count == options.MaxMxPatterns)
                    {
                        return (null, $"more than {options.MaxMxPatterns} mx patterns");
                    }

                    mx.Add(value.TrimEnd('.').ToLowerInvariant());
                    break;
            }
        }

        if (version != "STSv1")
        {
            return (null, "version is not STSv1");
        }

        MtaStsMode? parsedMode = mode switch { "enforce" => MtaStsMode.Enforce, "testing" => MtaStsMode.Testing, "none" => MtaStsMode.None, _ => null };
        if (parsedMode is null)
        {
            return (null, "mode is not enforce, testing or none");
        }

        if (maxAge is null || maxAge.Length is 0 or > 10 || !maxAge.All(char.IsAsciiDigit))
        {
            return (null, "max_age is not a number of seconds (at most 10 digits)");
        }

        if (parsedMode != MtaStsMode.None && mx.Count == 0)
        {
            return (null, "no mx pattern");
        }

        var seconds = Math.Min(long.Parse(maxAge, CultureInfo.InvariantCulture), (long)options.MaxAgeCap.TotalSeconds);
        return (new MtaStsPolicy(parsedMode.Value, mx, TimeSpan.FromSeconds(seconds), id, text), null);
    }

    /// <summary>A host name, optionally with <c>*.</c> as its whole leftmost label.</summary>
    private static bool IsMxPattern(string value)
    {
        var host = value.StartsWith("*.", StringComparison.Ordinal) ? value[2..] : value;
        host = host.TrimEnd('.');
        return host.Length is > 0 and <= 253 && host.Split('.').All(label =>
            label.Length is > 0 and <= 63 && label[0] != '-' && label[^1] != '-' && label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_'));
    }
}
