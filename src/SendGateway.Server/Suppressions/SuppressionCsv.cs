using System.Globalization;
using System.Text;

namespace SendGateway.Server.Suppressions;

/// <summary>
/// The CSV of export and import: <c>email,reason,created_at,expires_at</c> (RFC 4180 quoting). Import reads
/// <c>email</c> and the optional <c>reason</c> and <c>expires_at</c> columns; a first line starting with <c>email</c> is a header.
/// </summary>
public static class SuppressionCsv
{
    public const string Header = "email,reason,created_at,expires_at";
    public const int MaxFields = 8;

    public static string Format(Suppression s) =>
        string.Join(',', Quote(s.Email), s.Reason, Timestamp(s.CreatedAt), s.ExpiresAt is { } at ? Timestamp(at) : string.Empty);

    public static bool IsHeader(string line) => line.TrimStart('\uFEFF').StartsWith("email", StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses one data line into a normalised entry, or returns the reason it is not one.</summary>
    public static string? TryParse(string line, out (string Email, string Reason, DateTimeOffset? ExpiresAt) entry)
    {
        entry = default;
        var fields = Split(line);
        if (fields is null)
        {
            return "unbalanced quotes or too many fields";
        }

        if (SuppressionKeys.Normalize(fields[0]) is not { } email)
        {
            return "not an email address or @domain";
        }

        var reason = fields.Count > 1 && fields[1].Length > 0 ? fields[1].Trim().ToLowerInvariant() : SuppressionReasons.Manual;
        if (!SuppressionReasons.IsValid(reason))
        {
            return $"reason must be one of {string.Join(", ", SuppressionReasons.All)}";
        }

        DateTimeOffset? expires = null;
        var expiresField = fields.Count > 3 ? fields[3] : fields.Count == 3 ? fields[2] : string.Empty;
        if (expiresField.Trim().Length > 0)
        {
            if (!DateTimeOffset.TryParse(expiresField.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                return "expires_at is not an RFC 3339 timestamp";
            }

            expires = at;
        }

        entry = (email, reason, expires);
        return null;
    }

    private static List<string>? Split(string line)
    {
        var fields = new List<string>(4);
        var current = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c == '"' && current.Length == 0)
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(current.ToString());
                current.Clear();
                if (fields.Count >= MaxFields)
                {
                    return null;
                }
            }
            else
            {
                current.Append(c);
            }
        }

        fields.Add(current.ToString());
        return quoted ? null : fields;
    }

    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;

    private static string Timestamp(DateTime at) => DateTime.SpecifyKind(at, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
}
