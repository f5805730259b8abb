using System.Text.Json;
using System.Text.Json.Serialization;

namespace SendGateway.Server.Messages;

/// <summary>The body of <c>POST /v1/messages</c> (api.md §2).</summary>
internal sealed record SendMessageRequest
{
    public EmailAddressDto? From { get; init; }

    [JsonConverter(typeof(BoundedListConverter<RecipientDto>))]
    public List<RecipientDto>? To { get; init; }

    [JsonConverter(typeof(BoundedListConverter<EmailAddressDto>))]
    public List<EmailAddressDto>? Cc { get; init; }

    [JsonConverter(typeof(BoundedListConverter<EmailAddressDto>))]
    public List<EmailAddressDto>? Bcc { get; init; }

    public EmailAddressDto? ReplyTo { get; init; }

    public string? Subject { get; init; }

    public string? Text { get; init; }

    public string? Html { get; init; }

    /// <summary>A stored template (<c>/v1/templates</c>) instead of subject, text and html; its active version unless <see cref="TemplateVersion"/>.</summary>
    public string? TemplateId { get; init; }

    public int? TemplateVersion { get; init; }

    /// <summary>False: no text part is generated from html when text is not given.</summary>
    public bool? AutoText { get; init; }

    /// <summary>False: no List-Unsubscribe headers (RFC 8058) and no <c>{{ unsubscribe_url }}</c> for this message.</summary>
    public bool? Unsubscribe { get; init; }

    public Dictionary<string, JsonElement>? Vars { get; init; }

    public Dictionary<string, string>? Headers { get; init; }

    public List<string>? Tags { get; init; }

    public Dictionary<string, string>? Metadata { get; init; }

    public List<AttachmentDto>? Attachments { get; init; }

    public TrackingDto? Tracking { get; init; }

    public string? IpPool { get; init; }

    /// <summary>The message stream (<c>/v1/streams</c>): <c>transactional</c> when left out.</summary>
    public string? Stream { get; init; }

    public DateTimeOffset? SendAt { get; init; }

    /// <summary>Retried no longer than this (seconds from acceptance), then bounced 5.4.7; the queue's lifetime when absent.</summary>
    public int? MaxDeliverySeconds { get; init; }

    /// <summary>
    /// Verified TLS to the recipient's MX or no delivery (RFC 8689): the certificate must chain to a trusted root and name
    /// the MX host, or match its DANE records; otherwise the message is retried and never sent in plain text.
    /// </summary>
    public bool? RequireTls { get; init; }
}
