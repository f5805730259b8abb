using Npgsql;
using StackExchange.Redis;

namespace SendGateway.Server.Storage;

/// <summary>
/// One background loop's view of its stores: the first failure of an outage is logged (a warning naming the loop and the
/// error), later ones only pause the loop with a doubling back-off, and the first success after it logs the recovery
/// with its length. Thread-safe: a loop's parallel consumers share one.
/// </summary>
internal sealed class Outage(string loop, ILogger logger, ResilienceOptions options, TimeProvider time)
{
    private readonly Lock _gate = new();
    private volatile bool _down;
    private DateTimeOffset _since;
    private TimeSpan _backoff;
    private long _failures;

    /// <summary>
    /// A Redis or PostgreSQL failure, or a timeout waiting for one (StackExchange.Redis's <see cref="RedisTimeoutException"/> is a
    /// <see cref="TimeoutException"/>, not a <see cref="RedisException"/>): worth waiting out, not a bug. Other timeouts (an
    /// SMTP server's, through MailKit) are not the stores'.
    /// </summary>
    public static bool IsTransient(Exception e) => e is RedisException or RedisTimeoutException or NpgsqlException or Polly.Timeout.TimeoutRejectedException
        || (e is AggregateException a && a.InnerExceptions.All(IsTransient));

    public bool IsDown => _down;

    /// <summary>Records a failure; returns how long the loop should pause before trying again.</summary>
    public TimeSpan Failed(Exception e)
    {
        lock (_gate)
        {
            _failures++;
            if (!_down)
            {
                _down = true;
                _since = time.GetUtcNow();
                _backoff = options.OutageFirstBackoff;
                if (IsTransient(e))
                {
                    StorageLog.OutageStarted(logger, loop, e.GetType().Name, e.Message);
                }
                else
                {
                    StorageLog.LoopFailed(logger, e, loop);
                }

                return _backoff;
            }

            _backoff = TimeSpan.FromTicks(Math.Min(_backoff.Ticks * 2, options.OutageMaxBackoff.Ticks));
            return _backoff;
        }
    }

    /// <summary>Records a success: ends an outage if there was one.</summary>
    public void Succeeded()
    {
        if (!_down)
        {
            return;
        }

        lock (_gate)
        {
            if (_down)
            {
                _down = false;
                StorageLog.OutageEnded(logger, loop, (time.GetUtcNow() - _since).TotalSeconds, _failures);
                _failures = 0;
            }
        }
    }

    /// <summary>Records a failure and waits its back-off (returns early, without throwing, when the loop is stopping).</summary>
    public async Task PauseAfterAsync(Exception e, CancellationToken cancellationToken) =>
        await Task.Delay(Failed(e), time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
}
