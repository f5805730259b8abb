namespace SendGateway.Server.Messages.Panel;

/// <summary>The overview's ranges: the last 24 hours by hour, or the last 7 or 30 days by day (UTC).</summary>
internal sealed record OverviewRange(string Key, string Label, TimeSpan Length, string GroupBy, string Unit)
{
    public static readonly IReadOnlyList<OverviewRange> All =
    [
        new("24h", "24 hours", TimeSpan.FromHours(24), "hour", "messages per hour"),
        new("7d", "7 days", TimeSpan.FromDays(7), "day", "messages per day"),
        new("30d", "30 days", TimeSpan.FromDays(30), "day", "messages per day"),
    ];

    public static OverviewRange Of(string? key) => All.FirstOrDefault(r => r.Key == key) ?? All[1];

    /// <summary>
    /// The buckets the chart draws: from the first that has data to the last that has data (a quiet bucket between two
    /// busy ones stays, a true zero); none when nothing has. A single day of data is one point, not a ramp up from the
    /// empty days before it.
    /// </summary>
    public static IReadOnlyList<string> WithData(IReadOnlyList<string> buckets, Func<string, bool> hasData)
    {
        var first = buckets.ToList().FindIndex(b => hasData(b));
        return first < 0 ? [] : buckets.Take(buckets.ToList().FindLastIndex(b => hasData(b)) + 1).Skip(first).ToList();
    }

    /// <summary>Every bucket label from <paramref name="until"/> back over the range, oldest first, as the stats key them.</summary>
    public IReadOnlyList<string> Buckets(DateTimeOffset until)
    {
        var step = GroupBy == "hour" ? TimeSpan.FromHours(1) : TimeSpan.FromDays(1);
        var count = (int)(Length / step);
        var last = GroupBy == "hour"
            ? new DateTimeOffset(until.UtcDateTime.Date.AddHours(until.UtcDateTime.Hour), TimeSpan.Zero)
            : new DateTimeOffset(until.UtcDateTime.Date, TimeSpan.Zero);
        return Enumerable.Range(0, count).Select(i => last - step * (count - 1 - i))
            .Select(t => GroupBy == "hour" ? t.ToString("yyyy-MM-dd'T'HH:00", System.Globalization.CultureInfo.InvariantCulture) : t.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))
            .ToList();
    }
}
