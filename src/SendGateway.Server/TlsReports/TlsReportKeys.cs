using System.Globalization;
using System.Text.RegularExpressions;

namespace SendGateway.Server.TlsReports;

/// <summary>
/// The Redis keys of the TLS report counts: <c>sg:tlsrpt:days:{day}</c> (the set of the day's counted domains) and, per
/// domain and UTC day, <c>sg:tlsrpt:{day:domain}:meta</c> (the policies and failure details, each stored once),
/// <c>…:counts</c> (the counters) and <c>…:claim</c> (who sends the report, then its outcome). The braces are a Redis
/// Cluster hash tag: a domain's keys of a day live in one slot, so one script counts a session.
/// </summary>
internal static partial class TlsReportKeys
{
    public static string Day(DateTimeOffset now) => now.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Domains(string day) => $"sg:tlsrpt:days:{day}";

    public static string Meta(string day, string domain) => $"sg:tlsrpt:{{{day}:{domain}}}:meta";

    public static string Counts(string day, string domain) => $"sg:tlsrpt:{{{day}:{domain}}}:counts";

    public static string Claim(string day, string domain) => $"sg:tlsrpt:{{{day}:{domain}}}:claim";

    public static string Tries(string day, string domain) => $"sg:tlsrpt:{{{day}:{domain}}}:tries";

    /// <summary>The destinations a report already reached (a retry sends only to the others).</summary>
    public static string Reached(string day, string domain) => $"sg:tlsrpt:{{{day}:{domain}}}:reached";

    /// <summary>The domain as counted (lower case, no trailing dot), or null for what is no domain name (never counted).</summary>
    public static string? Domain(string? name)
    {
        var domain = name?.Trim().TrimEnd('.').ToLowerInvariant();
        return domain is { Length: > 0 and <= 253 } && DomainName().IsMatch(domain) ? domain : null;
    }

    [GeneratedRegex(@"^[a-z0-9_](?:[a-z0-9_-]{0,62})(?:\.[a-z0-9_-]{1,63})*$", RegexOptions.CultureInvariant)]
    private static partial Regex DomainName();
}
