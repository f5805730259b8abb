namespace SendGateway.Server.TlsReports;

/// <summary>
/// A domain's <c>_smtp._tls</c> TXT record (RFC 8460 §3): <c>v=TLSRPTv1; rua=mailto:…,https://…</c>. Records not
/// starting with the version are ignored; unless exactly one is left, the domain has none. Of its <c>rua</c> URIs the
/// <c>mailto:</c> ones with a plain address and the absolute <c>https:</c> ones are kept, at most as many as asked;
/// other schemes are skipped. Bounded: an overlong record, or one without a usable destination, is invalid.
/// </summary>
internal sealed record TlsRptRecord(IReadOnlyList<string> MailTo, IReadOnlyList<Uri> Https)
{
    public const int MaxRecordLength = 4096;
    private const string Version = "v=TLSRPTv1";

    /// <summary>The record, or null with why: <c>none</c> (no record, or several) or <c>invalid</c>.</summary>
    public static (TlsRptRecord? Record, string? Problem) Parse(IEnumerable<string> texts, int maxDestinations)
    {
        var records = texts.Where(IsVersioned).Take(2).ToList();
        if (records.Count != 1)
        {
            return (null, "none");
        }

        var text = records[0];
        if (text.Length > MaxRecordLength)
        {
            return (null, "invalid");
        }

        var rua = text.Split(';').Skip(1).Select(f => f.Trim(' ', '\t')).Where(f => f.StartsWith("rua=", StringComparison.Ordinal)).ToList();
        if (rua.Count != 1)
        {
            return (null, "invalid");
        }

        var (mailTo, https) = (new List<string>(), new List<Uri>());
        foreach (var uri in rua[0][4..].Split(',').Select(u => u.Trim(' ', '\t')))
        {
            if (mailTo.Count + https.Count >= maxDestinations)
            {
                break;
            }

            if (uri.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) && Addresses.Normalize(Unescape(uri[7..].Split('?')[0])) is { } address)
            {
                mailTo.Add(address);
            }
            else if (Uri.TryCreate(uri, UriKind.Absolute, out var url) && url.Scheme == Uri.UriSchemeHttps && string.IsNullOrEmpty(url.UserInfo))
            {
                https.Add(url);
            }
        }

        return mailTo.Count + https.Count == 0 ? (null, "invalid") : (new TlsRptRecord(mailTo, https), null);
    }

    /// <summary>Starts with <c>v=TLSRPTv1</c> then optional blanks and <c>;</c>.</summary>
    private static bool IsVersioned(string text) =>
        text.StartsWith(Version, StringComparison.Ordinal) && text.AsSpan(Version.Length).TrimStart(" \t").StartsWith(";");

    private static string Unescape(string value)
    {
        try
        {
            return Uri.UnescapeDataString(value);
        }
        catch (UriFormatException)
        {
            return string.Empty;
        }
    }
}
