namespace SendGateway.ClusterTests.Infrastructure;

/// <summary>Polls a probe every 200 ms until its value is done or the time is up; returns the last value (the caller asserts).</summary>
public static class Polling
{
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var value = await probe();
        while (!done(value) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            value = await probe();
        }

        return value;
    }
}
