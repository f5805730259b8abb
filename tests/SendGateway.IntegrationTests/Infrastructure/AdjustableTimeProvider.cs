namespace SendGateway.IntegrationTests.Infrastructure;

/// <summary>
/// The system clock moved forward by an offset a test can grow (never shrink: time never runs backwards for the
/// service). Timers run in real time; only <see cref="GetUtcNow"/> is shifted. For per-minute budgets: a test starts at
/// the beginning of a minute at once instead of waiting up to a minute for one. The factory's <c>IMemoryCache</c> ages by it too.
/// </summary>
public sealed class AdjustableTimeProvider : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));

    /// <summary>Jumps <paramref name="by"/> ahead at once.</summary>
    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    /// <summary>Jumps to 100 ms past the start of the next minute.</summary>
    public void SkipToNextMinute() => SkipToNext(TimeSpan.FromMinutes(1));

    /// <summary>Jumps to 100 ms past the start of the next hour: a whole hourly window ahead, whatever the wall clock says.</summary>
    public void SkipToNextHour() => SkipToNext(TimeSpan.FromHours(1));

    private void SkipToNext(TimeSpan unit)
    {
        var now = GetUtcNow();
        var rest = unit - TimeSpan.FromTicks(now.Ticks % unit.Ticks) + TimeSpan.FromMilliseconds(100);
        Interlocked.Add(ref _offsetTicks, rest.Ticks);
    }
}
