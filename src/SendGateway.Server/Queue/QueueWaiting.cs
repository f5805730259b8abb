namespace SendGateway.Server.Queue;

/// <summary>
/// The inspected entries as the panel's overview shows them: ready to send (in the stream), retrying or held (on the
/// schedule after an attempt, or kept back by a hold or a deferral), and scheduled ahead (on the schedule for a
/// <c>send_at</c> still in the future, never attempted, nothing holding them). Only the first two are waiting:
/// <see cref="OldestWaitingSeconds"/> is the age since acceptance of the oldest of them, null when there is none.
/// </summary>
internal sealed record QueueWaiting(long Ready, long RetryingOrHeld, long ScheduledAhead, DateTimeOffset? OldestAt, double? OldestWaitingSeconds = null)
{
    public QueueWaiting WithReady(DateTimeOffset acceptedAt) => Older(this with { Ready = Ready + 1 }, acceptedAt);

    /// <param name="dueLater">The entry's due time (its score on the schedule) is after now.</param>
    public QueueWaiting WithScheduled(QueueEntry entry, bool dueLater) =>
        dueLater && entry.Attempt == 0 && entry.HeldReason is null
            ? this with { ScheduledAhead = ScheduledAhead + 1 }
            : Older(this with { RetryingOrHeld = RetryingOrHeld + 1 }, entry.AcceptedAt);

    private static QueueWaiting Older(QueueWaiting waiting, DateTimeOffset acceptedAt) =>
        waiting.OldestAt is { } at && at <= acceptedAt ? waiting : waiting with { OldestAt = acceptedAt };
}
