using System.Globalization;

namespace SendGateway.Server.Messages;

/// <summary>
/// A message's own lifetime (REST <c>max_delivery_seconds</c>, relay <c>X-SG-Max-Delivery-Seconds</c>, after Amazon SES's
/// <c>MaxDeliverySeconds</c>): retried no longer than this from its acceptance, then bounced <c>MessageExpired</c>
/// <c>5.4.7</c> (a one-time code is worthless after its 15 minutes). At least <see cref="MessagesOptions.MinMessageLifetime"/>,
/// at most the queue's lifetime (<c>Delivery:MaxQueueLifetime</c>); outside, refused (not clamped) with the field named.
/// </summary>
internal static class MessageLifetime
{
    /// <summary>The lifetime asked for (null: the queue's), or the error naming <paramref name="field"/>.</summary>
    public static (TimeSpan? Lifetime, string? Error) Check(long? seconds, DateTimeOffset? sendAt, DateTimeOffset now, TimeSpan min, TimeSpan max, string field)
    {
        if (seconds is not { } asked)
        {
            return (null, null);
        }

        if (asked < min.TotalSeconds || asked > max.TotalSeconds)
        {
            return (null, string.Create(CultureInfo.InvariantCulture, $"{field} must be from {Math.Ceiling(min.TotalSeconds)} to {Math.Floor(max.TotalSeconds)} seconds (the queue's lifetime)."));
        }

        var lifetime = TimeSpan.FromSeconds(asked);
        return sendAt is { } at && at >= now + lifetime
            ? (null, $"{field} ends before the scheduled send time (it counts from acceptance).")
            : (lifetime, null);
    }
}
