using SendGateway.Server.EventContract;
using SendGateway.Server.Queue;

namespace SendGateway.Server.Delivery.Pipeline;

/// <summary>What an attempt's outcome records: its event (with the copy as sent, sealed), a follow-up event, and the retry.</summary>
internal static class OutcomeEvents
{
    public static (List<EventRecord> Events, QueueEntry? Retry, DateTimeOffset RetryAt) For(
        QueueEntry entry, DeliveryOutcome outcome, BatchContent content, DateTimeOffset now, OutboundQueue queue, RetrySchedule schedule)
    {
        var record = EventFactory.Create(entry, content, outcome.Type, now, outcome.Smtp, outcome.BounceClass, outcome.Reason);
        if (outcome.SentMime is { } sent)
        {
            record = record with { SentContent = queue.SealSentContent(sent, entry.Id) };
        }

        List<EventRecord> events = [record];
        if (outcome.FollowUp is not null)
        {
            events.Add(EventFactory.Create(entry with { Sequence = record.Sequence }, content, outcome.FollowUp, now));
        }

        var retry = RetryOf(entry, outcome, record.Sequence);
        return (events, retry, retry is null ? now : schedule.NextAttempt(entry, retry.Attempt, now));
    }

    /// <summary>
    /// The entry a temporary failure puts back: one attempt more, the event's sequence, and the failure's reason (a TLS
    /// policy's, which the bounce at the lifetime's end names: <see cref="ExpiryOutcome"/>); null for a final outcome.
    /// </summary>
    public static QueueEntry? RetryOf(QueueEntry entry, DeliveryOutcome outcome, int sequence) =>
        outcome.Retry ? entry with { Attempt = entry.Attempt + 1, Sequence = sequence, LastFailureReason = outcome.Reason, HeldReason = null, HoldKey = null } : null;
}
