using System.Globalization;

namespace SendGateway.Server.EmailLabs;

/// <summary>
/// The list parameters EmailLabs' clients send: <c>offset</c>, <c>limit</c>, <c>sort</c> (<c>-created_at</c> newest first,
/// the default, or <c>created_at</c>) and <c>filter=key::value|key::value</c>. Bad values are refused by name.
/// </summary>
internal sealed record EmailLabsQuery(int Offset, int Limit, bool NewestFirst, IReadOnlyDictionary<string, string> Filters)
{
    public static (EmailLabsQuery? Query, string? Error) Parse(IQueryCollection query, EmailLabsOptions limits, IReadOnlyCollection<string> allowedFilters)
    {
        var offset = 0;
        if (query["offset"].ToString() is { Length: > 0 } o && (!int.TryParse(o, NumberStyles.None, CultureInfo.InvariantCulture, out offset) || offset > limits.MaxOffset))
        {
            return (null, $"offset must be a whole number from 0 to {limits.MaxOffset}.");
        }

        var limit = 100;
        if (query["limit"].ToString() is { Length: > 0 } l && (!int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > limits.MaxLimit))
        {
            return (null, $"limit must be a whole number from 1 to {limits.MaxLimit}.");
        }

        var sort = query["sort"].ToString();
        if (sort is not ("" or "-created_at" or "created_at"))
        {
            return (null, "sort is created_at or -created_at.");
        }

        var filters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in query["filter"].ToString().Split('|', StringSplitOptions.RemoveEmptyEntries))
        {
            var separator = part.IndexOf("::", StringComparison.Ordinal);
            if (separator <= 0)
            {
                return (null, $"A filter is key::value; got '{Shorten(part)}'.");
            }

            var key = part[..separator];
            if (!allowedFilters.Contains(key))
            {
                return (null, $"Unknown filter '{Shorten(key)}'; this list filters by {string.Join(", ", allowedFilters)}.");
            }

            filters[key] = part[(separator + 2)..];
        }

        return (new EmailLabsQuery(offset, limit, sort != "created_at", filters), null);
    }

    /// <summary>A time filter: Unix seconds (what EmailLabs uses) or an ISO 8601 time.</summary>
    public bool TryTime(string key, out DateTimeOffset? value, out string? error)
    {
        value = null;
        error = null;
        if (!Filters.TryGetValue(key, out var text))
        {
            return true;
        }

        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds <= 253402300799)
        {
            value = DateTimeOffset.FromUnixTimeSeconds(seconds);
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            value = parsed;
            return true;
        }

        error = $"{key} must be a Unix time in seconds or an ISO 8601 time.";
        return false;
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
