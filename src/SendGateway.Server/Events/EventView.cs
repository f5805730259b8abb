using SendGateway.Server.EventContract;

namespace SendGateway.Server.Events;

/// <summary>The event object as API callers see it (api.md §4).</summary>
internal sealed record EventView(
    string Id, string Type, DateTimeOffset Timestamp, string MessageId, string BatchId, int Sequence, string Recipient, string RecipientDomain,
    string From, IReadOnlyList<string> Tags, IReadOnlyDictionary<string, string> Metadata, SmtpDetail? Smtp, BounceDetail? Bounce, string? Reason,
    string? Url, string? UserAgent, bool? Machine = null, string? MachineReason = null, ClientDetail? Client = null, string Stream = "transactional");
