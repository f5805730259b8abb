using Microsoft.Extensions.Options;
using SendGateway.Server.Queue;

namespace SendGateway.Server.Delivery.Pipeline;

/// <summary>When the next attempt is due: exponential back-off with jitter, never past the message's lifetime end.</summary>
internal sealed class RetrySchedule(IOptions<DeliveryOptions> options)
{
    public TimeSpan DelayFor(int attempt, double random)
    {
        var retry = options.Value.Retry;
        return Backoff.Delay(retry.FirstDelay, retry.MaxDelay, retry.Jitter, attempt, random);
    }

    /// <summary>
    /// The end of the entry's lifetime: its acceptance plus its own lifetime (<see cref="QueueEntry.Lifetime"/>) or the
    /// queue's (<see cref="DeliveryOptions.MaxQueueLifetime"/>), whichever is shorter.
    /// </summary>
    public DateTimeOffset ExpiresAt(QueueEntry entry)
    {
        var queue = options.Value.MaxQueueLifetime;
        return entry.AcceptedAt + (entry.Lifetime is { } own && own < queue ? own : queue);
    }

    /// <summary>The due time of the next attempt after <paramref name="attempt"/> failed at <paramref name="now"/>.</summary>
    public DateTimeOffset NextAttempt(QueueEntry entry, int attempt, DateTimeOffset now) =>
        NotPastExpiry(entry, now + DelayFor(attempt, Random.Shared.NextDouble()));

    /// <summary>
    /// <paramref name="due"/>, or the lifetime's end when that comes first: an entry due later would wait past its
    /// expiry, so it is due at the expiry and bounced then.
    /// </summary>
    public DateTimeOffset NotPastExpiry(QueueEntry entry, DateTimeOffset due)
    {
        var expiresAt = ExpiresAt(entry);
        return due < expiresAt ? due : expiresAt;
    }
}
