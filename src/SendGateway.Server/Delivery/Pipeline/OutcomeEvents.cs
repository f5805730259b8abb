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

        var retry = outcome.Retry ? entry with { Attempt = entry.Attempt + 1, Sequence = record.Sequence } : null;
        return (events, retry, retry is null ? now : schedule.NextAttempt(entry, retry.Attempt, now));
    }
}
