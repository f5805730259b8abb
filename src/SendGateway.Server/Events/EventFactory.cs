using SendGateway.Server.Common;
using SendGateway.Server.Messages;
using SendGateway.Server.Queue;

namespace SendGateway.Server.Events;

/// <summary>Builds the event object of api.md §4 for a queue entry.</summary>
public static class EventFactory
{
    public static EventRecord Create(QueueEntry entry, BatchContent content, string type, DateTimeOffset at, SmtpDetail? smtp = null, string? bounceClass = null, string? reason = null) => new()
    {
        Id = Ids.New("evt"),
        Type = type,
        Timestamp = at,
        MessageId = entry.Id,
        BatchId = entry.BatchId,
        Sequence = type == EventTypes.Injected ? 1 : entry.Sequence + 1,
        Recipient = entry.Recipient,
        RecipientDomain = Addresses.DomainOf(entry.Recipient),
        From = content.FromEmail,
        Tags = content.Tags ?? [],
        Metadata = Merge(content.Metadata, entry.Metadata),
        Smtp = smtp,
        Bounce = bounceClass is null ? null : new BounceDetail(bounceClass),
        Reason = reason,
        TenantId = entry.TenantId,
    };

    /// <summary>The <c>dropped</c> event of a cancelled scheduled send, built from what PostgreSQL holds of the message.</summary>
    public static EventRecord Cancelled(MessageView message, string tenantId, DateTimeOffset at) =>
        ForStoredMessage(message, tenantId, EventTypes.Dropped, at, reason: "cancelled");

    /// <summary>An event for a message known only from PostgreSQL (a cancellation, an asynchronous bounce): next sequence number.</summary>
    public static EventRecord ForStoredMessage(
        MessageView message, string tenantId, string type, DateTimeOffset at, SmtpDetail? smtp = null, string? bounceClass = null, string? reason = null) => new()
    {
        Id = Ids.New("evt"),
        Type = type,
        Timestamp = at,
        MessageId = message.Id,
        BatchId = message.BatchId,
        Sequence = message.Events.Select(e => e.Sequence).DefaultIfEmpty(0).Max() + 1,
        Recipient = message.Recipient,
        RecipientDomain = Addresses.DomainOf(message.Recipient),
        From = message.From,
        Tags = message.Tags,
        Metadata = message.Metadata,
        Smtp = smtp,
        Bounce = bounceClass is null ? null : new BounceDetail(bounceClass),
        Reason = reason,
        TenantId = tenantId,
    };

    private static Dictionary<string, string> Merge(Dictionary<string, string>? batch, Dictionary<string, string>? recipient)
    {
        var merged = batch is null ? new Dictionary<string, string>() : new Dictionary<string, string>(batch);
        foreach (var (key, value) in recipient ?? [])
        {
            merged[key] = value;
        }

        return merged;
    }
}
