namespace SendGateway.Server.Queue;

/// <summary>What every message of a batch shares, stored once per shard the batch touches.</summary>
internal sealed record BatchContent
{
    public required string FromEmail { get; init; }

    /// <summary>The message stream (<c>/v1/streams</c>) the sender named, resolved at accept; null = its default (transactional).</summary>
    public string? Stream { get; init; }

    /// <summary>The IP pool the sender named (checked against the tenant's allowed pools at accept); null = the tenant's default.</summary>
    public string? IpPool { get; init; }

    public string? FromName { get; init; }

    public string? ReplyTo { get; init; }

    public List<BatchAddress>? Cc { get; init; }

    public string? Subject { get; init; }

    public string? Text { get; init; }

    public string? Html { get; init; }

    public Dictionary<string, string>? Headers { get; init; }

    public List<string>? Tags { get; init; }

    public Dictionary<string, string>? Metadata { get; init; }

    public Dictionary<string, System.Text.Json.JsonElement>? SharedVars { get; init; }

    /// <summary>The stored template the content came from (resolved at accept: a later edit changes nothing queued).</summary>
    public string? TemplateId { get; init; }

    public int? TemplateVersion { get; init; }

    /// <summary>Rewrite the HTML part for opens (a pixel) and clicks (tracked links) at delivery (api.md §7).</summary>
    public bool? TrackOpens { get; init; }

    public bool? TrackClicks { get; init; }

    /// <summary>With clicks: the links of text parts too (the tenant's <c>track_text_links</c>).</summary>
    public bool? TrackTextLinks { get; init; }

    /// <summary>Keep each copy as sent for the panel (the tenant's <c>keep_content_days</c> at accept).</summary>
    public bool? KeepContent { get; init; }

    /// <summary>Keep the User-Agent on this copy's open and click events (the tenant's <c>tracking_store_user_agent</c>).</summary>
    public bool? TrackStoreUserAgent { get; init; }

    /// <summary>False: no List-Unsubscribe headers and no <c>{{ unsubscribe_url }}</c> (per message <c>unsubscribe: false</c>, SMTP <c>X-SG-Unsubscribe: off</c>).</summary>
    public bool? Unsubscribe { get; init; }

    /// <summary>Also a visible unsubscribe link at the end of each part (the tenant's <c>header_and_footer</c> mode).</summary>
    public bool? UnsubscribeFooter { get; init; }

    /// <summary>The stored template's layout frames, with <c>{{ content }}</c> where the part goes.</summary>
    public string? TextLayout { get; init; }

    public string? HtmlLayout { get; init; }

    public List<BatchAttachment>? Attachments { get; init; }

    /// <summary>Verified TLS to the MX or no delivery (REQUIRETLS, <c>require_tls</c>, or the tenant's setting; RFC 8689).</summary>
    public bool? RequireTls { get; init; }

    /// <summary><c>TLS-Required: No</c> where the tenant allows it: MTA-STS and DANE failures do not hold the message back (RFC 8689 §5).</summary>
    public bool? TlsOptional { get; init; }

    /// <summary>The submitted MIME of an SMTP relay message (control headers removed); stored beside the JSON, not in it.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public byte[]? Mime { get; init; }
}
