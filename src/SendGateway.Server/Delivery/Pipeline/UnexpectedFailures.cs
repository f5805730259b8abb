using System.Text.Json;
using Microsoft.Extensions.Options;
using SendGateway.Server.Bounces;
using SendGateway.Server.EventContract;
using SendGateway.Server.Queue;

namespace SendGateway.Server.Delivery.Pipeline;

/// <summary>
/// An attempt that threw what the worker does not understand (neither a remote server's answer nor a connection or
/// store failure: a bug, poison content; reliability.md T89, T113) is never dropped at once: it is a temporary failure, retried
/// with the back-off, and counted on the entry (<see cref="QueueEntry.UnexpectedFailures"/>, kept across retries); at
/// <see cref="DeliveryOptions.MaxUnexpectedFailures"/> the entry goes to the shard's dead letters, replayable with every
/// try again, with a <c>dropped</c> event (reason <c>internal_error</c>) in the same atomic call so the sender learns of
/// it; the stream keeps flowing. A replay that delivers then records <c>ok</c> after that <c>dropped</c> (an operator's
/// override; the status moves on, <see cref="EventTypes.StatusRank"/>).
/// </summary>
internal sealed class UnexpectedFailures(
    DeliveredJournal journal, DeadLetters deadLetters, OutboundQueue queue, IOptions<DeliveryOptions> options, TimeProvider time, ILogger<UnexpectedFailures> logger)
{
    /// <summary>The reason of a dead letter moved here: the throw's type, never its message (it may hold an address).</summary>
    public const string ReasonPrefix = "internal_error: ";

    /// <summary>The event's content when the batch's cannot be read (the sender is then unknown).</summary>
    private static readonly BatchContent Unknown = new() { FromEmail = "unknown@invalid" };

    /// <summary>
    /// The entry (its count raised) and the temporary failure to record for it (or its delivery, when the remote 250 was
    /// journaled before the throw), or null when it went to the dead letters instead. A store failure while moving it is thrown: the entry then stays pending and is dealt with when reclaimed.
    /// </summary>
    public async Task<(LeasedEntry Leased, DeliveryOutcome Outcome)?> HandleAsync(LeasedEntry leased, Exception exception, CancellationToken cancellationToken)
    {
        var entry = leased.Entry;
        if (await journal.FindAsync(entry, cancellationToken) is (true, _))
        {
            // The throw came after the remote 250 (journaled first): recorded as delivered, never sent again.
            DeliveryLog.UnexpectedFailure(logger, exception, entry.Id, entry.UnexpectedFailures, options.Value.MaxUnexpectedFailures);
            return (leased, new DeliveryOutcome(EventTypes.Ok, null, new SmtpDetail(250, null, "delivered; an internal error followed", null, null, false, entry.Attempt + 1)));
        }

        var failures = entry.UnexpectedFailures + 1;
        var max = options.Value.MaxUnexpectedFailures;
        if (failures < max)
        {
            DeliveryLog.UnexpectedFailure(logger, exception, entry.Id, failures, max);
            var outcome = DeliveryOutcome.Temporary(BounceClasses.TransientFailure, "4.3.0", $"Internal error ({exception.GetType().Name}), retried", null, entry.Attempt + 1)
                with { Reason = EventTypes.InternalError };
            return (leased with { Entry = entry with { UnexpectedFailures = failures } }, outcome);
        }

        // Kept with its count reset (a replay, after a fix, gets every try again) and its sequence past the dropped event's.
        var dropped = EventFactory.Create(entry, await ContentAsync(leased, cancellationToken), EventTypes.Dropped, time.GetUtcNow(), reason: EventTypes.InternalError);
        var reset = JsonSerializer.Serialize(entry with { UnexpectedFailures = 0, Sequence = dropped.Sequence }, QueueJsonContext.Default.QueueEntry);
        await deadLetters.MoveAsync(leased.Shard, DeadLetters.QueueSource, leased.StreamId, ReasonPrefix + exception.GetType().Name, reset, dropped, cancellationToken);
        DeliveryLog.DeadLettered(logger, exception, entry.Id, failures);
        return null;
    }

    /// <summary>The batch's content for the event's sender, tags and metadata; what made the attempts throw may be the content itself.</summary>
    private async Task<BatchContent> ContentAsync(LeasedEntry leased, CancellationToken cancellationToken)
    {
        try
        {
            return await queue.GetContentAsync(leased.Shard, leased.Entry.BatchId, cancellationToken) ?? Unknown;
        }
        catch (Exception e) when (!Storage.Outage.IsTransient(e) && !cancellationToken.IsCancellationRequested)
        {
            return Unknown; // unreadable (the poison): the event carries what the entry itself holds
        }
    }
}
