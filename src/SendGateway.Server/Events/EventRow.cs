using System.Text.Json;
using SendGateway.Server.EventContract;

namespace SendGateway.Server.Events;

/// <summary>An <c>events</c> row as Dapper reads it.</summary>
internal sealed class EventRow
{
    public string Id { get; set; } = string.Empty;
    public string Type { get; set; } = string.Empty;
    public DateTime OccurredAt { get; set; }
    public string MessageId { get; set; } = string.Empty;
    public string BatchId { get; set; } = string.Empty;
    public int Sequence { get; set; }
    public string Recipient { get; set; } = string.Empty;
    public string RecipientDomain { get; set; } = string.Empty;
    public string FromAddress { get; set; } = string.Empty;
    public string[] Tags { get; set; } = [];
    public string Metadata { get; set; } = "{}";
    public string? Smtp { get; set; }
    public string? BounceClass { get; set; }
    public string? Reason { get; set; }
    public string? Url { get; set; }
    public string? UserAgent { get; set; }
    public bool? Machine { get; set; }
    public string? MachineReason { get; set; }
    public string? Client { get; set; }
    public string? Stream { get; set; }

    public EventView ToView() => new(
        Id, Type, new DateTimeOffset(DateTime.SpecifyKind(OccurredAt, DateTimeKind.Utc)), MessageId, BatchId, Sequence, Recipient, RecipientDomain, FromAddress, Tags,
        JsonSerializer.Deserialize<Dictionary<string, string>>(Metadata) ?? [],
        Smtp is null ? null : JsonSerializer.Deserialize(Smtp, EventJsonContext.Default.SmtpDetail),
        BounceClass is null ? null : new BounceDetail(BounceClass), Reason, Url, UserAgent, Machine, MachineReason,
        Client is null ? null : JsonSerializer.Deserialize(Client, EventJsonContext.Default.ClientDetail),
        Stream ?? Streams.StreamKinds.DefaultStream); // events from before streams: every message was in the default stream
}
