using System.Diagnostics;
using SendGateway.Server.Common;
using SendGateway.Server.Events;
using SendGateway.Server.Queue;

namespace SendGateway.Server.Messages;

/// <summary>
/// The one accept seam (style.md E6): sender check, back-pressure, expansion to one message per envelope
/// recipient, then one atomic enqueue with the <c>injected</c> events. Success means durably queued.
/// </summary>
public sealed class MessageAcceptor(OutboundQueue queue, QueueBackpressure backpressure, SenderDomains senders, TimeProvider time)
{
    public async Task<AcceptOutcome> AcceptAsync(string tenantId, ValidatedMessage message, CancellationToken cancellationToken)
    {
        if (!await senders.IsAuthorizedAsync(tenantId, message.Content.FromEmail, cancellationToken))
        {
            return new AcceptOutcome(AcceptStatus.SenderNotAuthorized);
        }

        if (await backpressure.IsOverHighWaterAsync(cancellationToken))
        {
            return new AcceptOutcome(AcceptStatus.Backpressure);
        }

        var batchId = Ids.New("bat", time);
        var now = time.GetUtcNow();
        var traceParent = Activity.Current?.Id;
        var items = new List<EnqueueItem>(message.EnvelopeRecipients);
        var accepted = new List<AcceptedRecipient>(message.EnvelopeRecipients);
        foreach (var to in message.To)
        {
            foreach (var rcpt in message.Cc.Concat(message.Bcc).Select(a => a.Email).Prepend(to.Email))
            {
                var entry = new QueueEntry
                {
                    Id = Ids.New("msg", time), BatchId = batchId, TenantId = tenantId, Recipient = rcpt, ToEmail = to.Email, ToName = to.Name,
                    Vars = to.Vars, Metadata = to.Metadata, Shard = QueueKeys.ShardOf(Addresses.DomainOf(rcpt), queue.Shards),
                    AcceptedAt = now, TraceParent = traceParent,
                };
                items.Add(new EnqueueItem(entry, EventFactory.Create(entry, message.Content, EventTypes.Injected, now), message.SendAt));
                accepted.Add(new AcceptedRecipient(entry.Id, rcpt, "accepted"));
            }
        }

        await queue.EnqueueAsync(message.Content, items, cancellationToken);
        SendGatewayMetrics.Accepted.Add(items.Count);
        return new AcceptOutcome(AcceptStatus.Accepted, new MessageAccepted(batchId, accepted));
    }
}
