namespace SendGateway.Client;

/// <summary>The API's <c>SendMessageRequest</c> object.</summary>
public sealed record SendMessageRequest
{
    /// <summary>JSON <c>from</c>.</summary>
    public EmailAddress? From { get; init; }

    /// <summary>JSON <c>to</c>.</summary>
    public List<Recipient>? To { get; init; }

    /// <summary>JSON <c>cc</c>.</summary>
    public List<EmailAddress>? Cc { get; init; }

    /// <summary>JSON <c>bcc</c>.</summary>
    public List<EmailAddress>? Bcc { get; init; }

    /// <summary>JSON <c>reply_to</c>.</summary>
    public EmailAddress? ReplyTo { get; init; }

    /// <summary>JSON <c>subject</c>.</summary>
    public string? Subject { get; init; }

    /// <summary>JSON <c>text</c>.</summary>
    public string? Text { get; init; }

    /// <summary>JSON <c>html</c>.</summary>
    public string? Html { get; init; }

    /// <summary>JSON <c>template_id</c>.</summary>
    public string? TemplateId { get; init; }

    /// <summary>JSON <c>template_version</c>.</summary>
    public int? TemplateVersion { get; init; }

    /// <summary>JSON <c>auto_text</c>.</summary>
    public bool? AutoText { get; init; }

    /// <summary>JSON <c>unsubscribe</c>.</summary>
    public bool? Unsubscribe { get; init; }

    /// <summary>JSON <c>vars</c>.</summary>
    public Dictionary<string, object?>? Vars { get; init; }

    /// <summary>JSON <c>headers</c>.</summary>
    public Dictionary<string, string>? Headers { get; init; }

    /// <summary>JSON <c>tags</c>.</summary>
    public List<string>? Tags { get; init; }

    /// <summary>JSON <c>metadata</c>.</summary>
    public Dictionary<string, string>? Metadata { get; init; }

    /// <summary>JSON <c>attachments</c>.</summary>
    public List<Attachment>? Attachments { get; init; }

    /// <summary>JSON <c>tracking</c>.</summary>
    public TrackingOptions? Tracking { get; init; }

    /// <summary>JSON <c>ip_pool</c>.</summary>
    public string? IpPool { get; init; }

    /// <summary>JSON <c>send_at</c>.</summary>
    public DateTimeOffset? SendAt { get; init; }

    /// <summary>
    /// JSON <c>max_delivery_seconds</c>: retried no longer than this from acceptance, then bounced <c>5.4.7</c> (for
    /// example 900 for a one-time code); at most the server's queue lifetime. Absent: the queue lifetime.
    /// </summary>
    public int? MaxDeliverySeconds { get; init; }

    /// <summary>
    /// JSON <c>require_tls</c>: verified TLS to the recipient's MX (a certificate for the MX name from a trusted root, or
    /// DANE) or no delivery; never sent in plain text.
    /// </summary>
    public bool? RequireTls { get; init; }

    /// <summary>JSON <c>stream</c>.</summary>
    public string? Stream { get; init; }
}
