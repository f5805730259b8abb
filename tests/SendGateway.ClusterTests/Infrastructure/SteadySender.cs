using System.Collections.Concurrent;

namespace SendGateway.ClusterTests.Infrastructure;

/// <summary>
/// A steady send through lb while a test breaks things: one REST message every <c>interval</c>, each retried with its
/// Idempotency-Key until answered 202 (as a client does), so every token it records was acknowledged once.
/// </summary>
public sealed class SteadySender : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _accepted = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    /// <param name="holdFor">Each message scheduled this long after it is sent (<c>send_at</c>): it waits in Redis, not on its way.</param>
    public SteadySender(ClusterTenant tenant, string prefix, TimeSpan interval, TimeSpan? holdFor = null)
    {
        _loop = Task.Run(async () =>
        {
            for (var n = 0; !_stop.IsCancellationRequested; n++)
            {
                var token = $"{prefix}{n:D5}";
                while (!await tenant.TrySendAsync(token, holdFor is { } hold ? DateTimeOffset.UtcNow + hold : null, CancellationToken.None))
                {
                    if (_stop.IsCancellationRequested)
                    {
                        return; // this token was never acknowledged: not counted
                    }

                    await Task.Delay(200);
                }

                _accepted.Enqueue(token);
                await Task.Delay(interval);
            }
        });
    }

    /// <summary>The tokens acknowledged so far.</summary>
    public IReadOnlyList<string> Accepted => [.. _accepted];

    /// <summary>Waits until <paramref name="more"/> messages beyond <paramref name="after"/> were acknowledged.</summary>
    public async Task WaitForAsync(int after, int more, TimeSpan within, string what)
    {
        var count = await Polling.UntilAsync(() => Task.FromResult(_accepted.Count), c => c >= after + more, within);
        Assert.That(count, Is.GreaterThanOrEqualTo(after + more), $"{more} more messages acknowledged through lb {what}");
    }

    /// <summary>Stops sending and returns every acknowledged token.</summary>
    public async Task<IReadOnlyList<string>> StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        return Accepted;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync();
        }

        _stop.Dispose();
    }
}
