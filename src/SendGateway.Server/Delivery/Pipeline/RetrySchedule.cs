using Microsoft.Extensions.Options;

namespace SendGateway.Server.Delivery.Pipeline;

/// <summary>When the next attempt is due: exponential back-off with jitter, never past the message's lifetime end.</summary>
internal sealed class RetrySchedule(IOptions<DeliveryOptions> options)
{
    public TimeSpan DelayFor(int attempt, double random)
    {
        var retry = options.Value.Retry;
        return Backoff.Delay(retry.FirstDelay, retry.MaxDelay, retry.Jitter, attempt, random);
    }

    public DateTimeOffset ExpiresAt(DateTimeOffset acceptedAt) => acceptedAt + options.Value.MaxQueueLifetime;

    /// <summary>The due time of the next attempt after <paramref name="attempt"/> failed at <paramref name="now"/>.</summary>
    public DateTimeOffset NextAttempt(DateTimeOffset acceptedAt, int attempt, DateTimeOffset now) =>
        Min(now + DelayFor(attempt, Random.Shared.NextDouble()), ExpiresAt(acceptedAt));

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
