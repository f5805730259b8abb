using Microsoft.Extensions.Options;
using SendGateway.Server.EventContract;
using SendGateway.Server.Messages;
using SendGateway.Server.Queue;

namespace SendGateway.Server.Bounces;

/// <summary>
/// Turns a report about one message into its event on the shard's event stream, so the ingester stores it, updates the
/// status by rank, adds the suppression and fans it out to webhooks like any other event.
/// </summary>
internal sealed class BounceRecorder(MessageStore messages, OutboundQueue queue, IOptions<BounceOptions> options, TimeProvider time)
{
    public async Task<BounceOutcome> RecordAsync(string messageId, BounceReport report, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var young = Ids.TimestampOf(messageId) is { } sentAt && now - sentAt < options.Value.UnknownMessageGrace;
        var found = await messages.FindForBounceAsync(messageId, cancellationToken);

        // A report follows a delivery: let the message and the delivery's own event reach PostgreSQL first (the ingester
        // lags by a round), so this one's sequence comes after it. Wall-clock, not the injected TimeProvider: a test's
        // frozen clock must not hold a session for ever.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (young && (found is null || !HasOutcome(found.Value.Message)) && waited.Elapsed < options.Value.OutcomeWait)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
            found = await messages.FindForBounceAsync(messageId, cancellationToken) ?? found;
        }

        if (found is null)
        {
            // Still not in PostgreSQL (the ingester is behind) or long gone (retention): defer the young, drop the old.
            return young ? BounceOutcome.Deferred : BounceOutcome.Discarded;
        }

        var (tenantId, message) = found.Value;
        var record = Messages.StoredMessageEvents.ForStoredMessage(message, tenantId, report.EventType, now, report.Smtp, report.BounceClass, report.Reason);
        await queue.AppendEventsAsync([record], cancellationToken);
        SendGatewayMetrics.InboundReports.Add(1, new KeyValuePair<string, object?>("type", report.EventType));
        return BounceOutcome.Recorded;
    }

    private static bool HasOutcome(MessageView message) => message.Events.Any(e => e.Type is not (EventTypes.Injected or EventTypes.SoftBounce));
}
