using Microsoft.Extensions.Options;

namespace SendGateway.Server.Webhooks;

/// <summary>
/// When a failed batch is tried again: the first delay doubling per attempt up to the cap, ± jitter; a receiver's
/// Retry-After is honoured up to the cap. Null once the next attempt would fall outside the batch's retry window.
/// </summary>
internal sealed class WebhookRetrySchedule(IOptions<WebhooksOptions> options)
{
    public DateTimeOffset? Next(DateTimeOffset createdAt, int attempts, DateTimeOffset now, TimeSpan? retryAfter, double random)
    {
        var o = options.Value;
        var delay = Backoff.Delay(o.FirstRetryDelay, o.MaxRetryDelay, o.Jitter, attempts, random);
        if (retryAfter is { } asked && asked > delay)
        {
            delay = asked < o.MaxRetryDelay ? asked : o.MaxRetryDelay;
        }

        var next = now + delay;
        return next > createdAt + o.MaxRetryAge ? null : next;
    }
}
