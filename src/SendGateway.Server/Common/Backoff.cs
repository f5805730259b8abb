namespace SendGateway.Server.Common;

/// <summary>Exponential back-off with jitter, shared by delivery retries and webhook retries.</summary>
internal static class Backoff
{
    /// <summary>
    /// <paramref name="first"/> doubling per attempt after the first, capped at <paramref name="max"/>, then spread by
    /// ± <paramref name="jitter"/> (a fraction) using <paramref name="random"/> in [0, 1).
    /// </summary>
    public static TimeSpan Delay(TimeSpan first, TimeSpan max, double jitter, int attempt, double random)
    {
        var exponent = Math.Min(Math.Max(attempt - 1, 0), 30);
        var delay = Math.Min(first.TotalMilliseconds * Math.Pow(2, exponent), max.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(delay * (1 + (((random * 2) - 1) * jitter)));
    }
}
