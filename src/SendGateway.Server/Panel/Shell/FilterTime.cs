namespace SendGateway.Server.Panel.Shell;

/// <summary>A filter's <c>datetime-local</c> value, read as UTC (the panel shows every time in UTC).</summary>
internal static class FilterTime
{
    /// <summary>True with null for an empty field; false for one that is not a time.</summary>
    public static bool TryRead(string? value, out DateTimeOffset? time)
    {
        time = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return true;
        }

        var ok = DateTime.TryParse(value, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed);
        time = ok ? new DateTimeOffset(DateTime.SpecifyKind(parsed, DateTimeKind.Utc)) : null;
        return ok;
    }
}
