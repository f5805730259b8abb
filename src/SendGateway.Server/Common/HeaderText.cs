namespace SendGateway.Server.Common;

internal static class HeaderText
{
    /// <summary>
    /// Header names the service owns or that would change routing; a tenant may not set them (api.md §2, reliability.md T36).
    /// </summary>
    public static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "Message-ID", "DKIM-Signature", "Return-Path", "Received", "List-Unsubscribe", "List-Unsubscribe-Post", "Bcc", "Cc", "To", "From",
        "Reply-To", "Subject", "Date", "Sender", "MIME-Version", "Content-Type", "Content-Transfer-Encoding",
    };

    /// <summary>No C0 controls except tab, no DEL, no NEL, no Unicode line or paragraph separators.</summary>
    public static bool IsSafe(string value)
    {
        foreach (var c in value)
        {
            if ((c < ' ' && c != '\t') || c == '\u007f' || c == '\u0085' || c == '\u2028' || c == '\u2029')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>An RFC 5322 field name: printable ASCII except colon, 1 to 76 characters.</summary>
    public static bool IsFieldName(string name) =>
        name.Length is > 0 and <= 76 && name.All(c => c is > ' ' and < '\u007f' and not ':');

    public static bool IsReserved(string name) =>
        Reserved.Contains(name) || name.StartsWith("X-SendGateway-", StringComparison.OrdinalIgnoreCase) || name.StartsWith("X-SG-", StringComparison.OrdinalIgnoreCase);
}
