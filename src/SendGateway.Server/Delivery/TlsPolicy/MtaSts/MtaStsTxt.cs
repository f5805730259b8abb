namespace SendGateway.Server.Delivery.TlsPolicy.MtaSts;

/// <summary>
/// The <c>_mta-sts.&lt;domain&gt;</c> TXT record (RFC 8461 §3.1): records not starting with <c>v=STSv1;</c> are not
/// MTA-STS records; exactly one must remain, with an <c>id</c> of 1 to 32 letters and digits. Anything else means the
/// domain announces no policy.
/// </summary>
internal static class MtaStsTxt
{
    private const int MaxRecordLength = 4096;

    /// <summary>The announced policy id, or null when the records announce none (none, several, or malformed).</summary>
    public static string? IdOf(IEnumerable<string> records)
    {
        string? only = null;
        var count = 0;
        foreach (var record in records)
        {
            if (!IsStsRecord(record))
            {
                continue;
            }

            count++;
            only = record;
        }

        return count == 1 && only!.Length <= MaxRecordLength ? ParseId(only) : null;
    }

    private static bool IsStsRecord(string record)
    {
        if (!record.StartsWith("v=STSv1", StringComparison.Ordinal))
        {
            return false;
        }

        var rest = record.AsSpan("v=STSv1".Length).TrimStart(" \t");
        return rest.StartsWith(";");
    }

    private static string? ParseId(string record)
    {
        string? id = null;
        foreach (var field in record.Split(';').Skip(1))
        {
            var trimmed = field.Trim(' ', '\t');
            if (trimmed.Length == 0)
            {
                continue; // a trailing ";" (sts-field-delim at the end)
            }

            var equals = trimmed.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                return null;
            }

            var (name, value) = (trimmed[..equals], trimmed[(equals + 1)..]);
            if (name == "id")
            {
                if (id is not null || !IsValidId(value))
                {
                    return null;
                }

                id = value;
            }
        }

        return id;
    }

    private static bool IsValidId(string value) => value.Length is >= 1 and <= 32 && value.All(char.IsAsciiLetterOrDigit);
}
