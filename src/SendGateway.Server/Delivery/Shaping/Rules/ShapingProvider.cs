namespace SendGateway.Server.Delivery.Shaping.Rules;

/// <summary>
/// A mailbox provider as the rules file names it: the MX host patterns that identify it (<c>*.l.google.com</c> matches any
/// host ending in <c>.l.google.com</c>; without <c>*</c> the whole name), case-insensitive, and its limits.
/// </summary>
internal sealed record ShapingProvider(string Name, IReadOnlyList<string> MxPatterns, ProviderLimits Limits)
{
    /// <summary>True when <paramref name="mxHost"/> matches one of <see cref="MxPatterns"/>.</summary>
    public bool Matches(string mxHost)
    {
        var host = mxHost.TrimEnd('.');
        foreach (var pattern in MxPatterns)
        {
            if (pattern.StartsWith("*.", StringComparison.Ordinal)
                ? host.EndsWith(pattern[1..], StringComparison.OrdinalIgnoreCase)
                : host.Equals(pattern, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
