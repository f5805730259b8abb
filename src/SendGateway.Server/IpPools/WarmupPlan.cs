namespace SendGateway.Server.IpPools;

/// <summary>
/// A source's warm-up: from <c>start</c> (a UTC date), day N allows <c>daily[N]</c> attempts per destination provider;
/// after the last day the source is warmed (no limit).
/// </summary>
internal sealed record WarmupPlan(DateOnly Start, int[] Daily)
{
    public int? LimitOn(DateOnly day)
    {
        var index = day.DayNumber - Start.DayNumber;
        return index < 0 ? 0 : index < Daily.Length ? Daily[index] : null;
    }
}
