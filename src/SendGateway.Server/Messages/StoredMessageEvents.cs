using SendGateway.Server.EventContract;

namespace SendGateway.Server.Messages;

/// <summary>Events for a message known only from PostgreSQL (a cancellation, an asynchronous bounce).</summary>
internal static class StoredMessageEvents
{
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
        Stream = message.Stream,
        Metadata = message.Metadata,
        Smtp = smtp,
        Bounce = bounceClass is null ? null : new BounceDetail(bounceClass),
        Reason = reason,
        TenantId = tenantId,
    };
}
