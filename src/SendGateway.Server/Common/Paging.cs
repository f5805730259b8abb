namespace SendGateway.Server.Common;

internal static class Paging
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public static bool TryLimit(int? requested, out int limit)
    {
        limit = requested ?? DefaultLimit;
        return limit is >= 1 and <= MaxLimit;
    }

    /// <summary>Turns <paramref name="take"/> + 1 fetched rows into a page whose cursor is the last row's key.</summary>
    public static Page<T> Page<T>(IReadOnlyList<T> rows, int take, Func<T, string> cursorOf) =>
        rows.Count > take ? new Page<T>(rows.Take(take).ToList(), cursorOf(rows[take - 1])) : new Page<T>(rows, null);

    /// <summary>A cursor that is a row id (a non-negative integer): null for none; false when it is not one.</summary>
    public static bool TryIdCursor(string? cursor, out long? id)
    {
        id = null;
        if (cursor is null)
        {
            return true;
        }

        if (!long.TryParse(cursor, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed))
        {
            return false;
        }

        id = parsed;
        return true;
    }
}
