using SendGateway.Server.EventContract;

namespace SendGateway.Server.Queue;

/// <summary>Builds the event object of api.md §4 for a queue entry (what the event streams carry).</summary>
internal static class EventFactory
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
        Stream = content.Stream,
        Metadata = Merge(content.Metadata, entry.Metadata),
        Smtp = smtp,
        Bounce = bounceClass is null ? null : new BounceDetail(bounceClass),
        Reason = reason,
        TenantId = entry.TenantId,
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
