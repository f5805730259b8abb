namespace SendGateway.Server.Delivery.TlsPolicy.MtaSts;

/// <summary>
/// A recipient domain's MTA-STS policy (RFC 8461 §3.2): its mode, the MX patterns, how long it may be cached, the TXT
/// <c>id</c> it was fetched under and its text as served (a TLS report's <c>policy-string</c>).
/// </summary>
internal sealed record MtaStsPolicy(MtaStsMode Mode, IReadOnlyList<string> Mx, TimeSpan MaxAge, string Id, string Text)
{
    /// <summary>The text's non-empty lines, as a TLS report's <c>policy-string</c> lists them (split once per cached policy, not per attempt).</summary>
    public IReadOnlyList<string> Lines { get; } = [.. Text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0)];

    /// <summary>
    /// Whether <paramref name="mxHost"/> matches one of the <c>mx</c> patterns (RFC 8461 §4.1): case-insensitive, trailing
    /// dots ignored, and <c>*.</c> stands for exactly one leftmost label (<c>*.example.com</c> matches
    /// <c>mx.example.com</c>, not <c>example.com</c> nor <c>a.mx.example.com</c>).
    /// </summary>
    public bool AllowsMx(string mxHost)
    {
        var host = mxHost.TrimEnd('.');
        foreach (var raw in Mx)
        {
            var pattern = raw.TrimEnd('.');
            if (pattern.StartsWith("*.", StringComparison.Ordinal))
            {
                var dot = host.IndexOf('.', StringComparison.Ordinal);
                if (dot > 0 && host[(dot + 1)..].Equals(pattern[2..], StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
            else if (host.Equals(pattern, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
