using System.Buffers;
using System.Globalization;
using System.Text;

namespace SendGateway.Server.Suppressions;

/// <summary>
/// The CSV of export and import: <c>email,reason,created_at,expires_at</c> (RFC 4180 quoting). Import reads
/// <c>email</c> and the optional <c>reason</c> and <c>expires_at</c> columns; a first line starting with <c>email</c> is a header.
/// A spreadsheet would run a cell starting with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a CR as a formula (CSV
/// injection: a suppressed <c>=HYPERLINK(…)@x.test</c>, or any <c>@domain</c> entry), so export writes such a cell
/// behind a <c>'</c> (and a cell starting with <c>'</c> behind another); import takes that one <c>'</c> off again.
/// </summary>
internal static class SuppressionCsv
{
    public const string Header = "email,reason,created_at,expires_at";
    public const int MaxFields = 8;

    private static readonly SearchValues<char> FormulaStarts = SearchValues.Create("=+-@\t\r'");

    public static string Format(Suppression s) =>
        string.Join(',', Quote(Defuse(s.Email)), s.Reason, Timestamp(s.CreatedAt), s.ExpiresAt is { } at ? Timestamp(at) : string.Empty);

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

        if (SuppressionKeys.Normalize(Restore(fields[0])) is not { } email)
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

    /// <summary>A cell a spreadsheet would read as a formula, behind a <c>'</c>.</summary>
    public static string Defuse(string value) => value.Length > 0 && FormulaStarts.Contains(value[0]) ? "'" + value : value;

    /// <summary>Undoes <see cref="Defuse"/>: a leading <c>'</c> before one of the characters it guards is taken off.</summary>
    private static string Restore(string value) => value.Length > 1 && value[0] == '\'' && FormulaStarts.Contains(value[1]) ? value[1..] : value;

    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;

    private static string Timestamp(DateTime at) => DateTime.SpecifyKind(at, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
}
