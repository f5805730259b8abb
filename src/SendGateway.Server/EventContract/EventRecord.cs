using System.Text.Json.Serialization;

namespace SendGateway.Server.EventContract;

/// <summary>The event object of api.md §4, plus the owning tenant (never shown to API callers).</summary>
internal sealed record EventRecord
{
    public required string Id { get; init; }

    public required string Type { get; init; }

    public required DateTimeOffset Timestamp { get; init; }

    public required string MessageId { get; init; }

    public required string BatchId { get; init; }

    public required int Sequence { get; init; }

    public required string Recipient { get; init; }

    public required string RecipientDomain { get; init; }

    public required string From { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>The message's stream (<c>/v1/streams</c>); null on events of messages from before streams.</summary>
    public string? Stream { get; init; }

    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    public SmtpDetail? Smtp { get; init; }

    public BounceDetail? Bounce { get; init; }

    /// <summary>Why a message was dropped (<c>suppressed</c>, <c>invalid_address</c>, …).</summary>
    public string? Reason { get; init; }

    public string? Url { get; init; }

    public string? UserAgent { get; init; }

    /// <summary>Opens and clicks: whether a machine (image proxy, scanner, prefetch) rather than a person made it.</summary>
    public bool? Machine { get; init; }

    public string? MachineReason { get; init; }

    public ClientDetail? Client { get; init; }

    /// <summary>
    /// A final outcome of a copy whose tenant keeps content: the MIME as sent, sealed with the queue key (message id as
    /// associated data) for its way through Redis; the ingester moves it into <c>message_contents</c>.
    /// </summary>
    [JsonPropertyName("sent_content")]
    public string? SentContent { get; init; }

    /// <summary>
    /// The message's subject (as rendered for its recipient) on its first event, when its tenant keeps subjects: the
    /// ingester writes it to the message's row only, never to <c>events</c> or webhook payloads.
    /// </summary>
    [JsonPropertyName("subject")]
    public string? Subject { get; init; }

    [JsonPropertyName("tenant_id")]
    public string? TenantId { get; init; }
}
