namespace SendGateway.Server.Delivery.Shaping.Rules;

/// <summary>
/// A mailbox provider as the rules file names it: the MX host patterns that identify it (<c>*.l.google.com</c> matches any
/// host ending in <c>.l.google.com</c>; without <c>*</c> the whole name), case-insensitive, and its limits.
/// </summary>
internal sealed record ShapingProvider(string Name, IReadOnlyList<string> MxPatterns, ProviderLimits Limits)
{
    /// <summary>The line of the rules file the provider starts on (for errors and the console).</summary>
    public int Line { get; init; }

    /// <summary>True when <paramref name="mxHost"/> matches one of <see cref="MxPatterns"/>.</summary>
    public bool Matches(string mxHost)
    {
        var host = mxHost.AsSpan().TrimEnd('.'); // spans: no string per host and pattern
        for (var i = 0; i < MxPatterns.Count; i++)
        {
            var pattern = MxPatterns[i];
            if (pattern.StartsWith("*.", StringComparison.Ordinal)
                ? host.EndsWith(pattern.AsSpan(1), StringComparison.OrdinalIgnoreCase)
                : host.Equals(pattern, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
