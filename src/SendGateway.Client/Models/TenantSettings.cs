namespace SendGateway.Client;

/// <summary>The API's <c>TenantSettings</c> object.</summary>
public sealed record TenantSettings
{
    /// <summary>JSON <c>hard_bounces_before_suppression</c>.</summary>
    public int HardBouncesBeforeSuppression { get; init; }

    /// <summary>JSON <c>suppress_on_spambounce</c>.</summary>
    public bool SuppressOnSpambounce { get; init; }

    /// <summary>JSON <c>suppression_validity_days</c>.</summary>
    public int? SuppressionValidityDays { get; init; }

    /// <summary>JSON <c>block_disposable_domains</c>.</summary>
    public bool BlockDisposableDomains { get; init; }

    /// <summary>JSON <c>retention_days</c>.</summary>
    public int? RetentionDays { get; init; }

    /// <summary>JSON <c>anonymize_after_minutes</c>.</summary>
    public int? AnonymizeAfterMinutes { get; init; }

    /// <summary>JSON <c>anonymize_metadata</c>.</summary>
    public bool AnonymizeMetadata { get; init; }

    /// <summary>JSON <c>track_opens</c>.</summary>
    public bool TrackOpens { get; init; }

    /// <summary>JSON <c>track_clicks</c>.</summary>
    public bool TrackClicks { get; init; }

    /// <summary>JSON <c>unsubscribe</c>.</summary>
    public string? Unsubscribe { get; init; }

    /// <summary>JSON <c>track_text_links</c>.</summary>
    public bool TrackTextLinks { get; init; }

    /// <summary>JSON <c>tracking_store_user_agent</c>.</summary>
    public bool TrackingStoreUserAgent { get; init; }

    /// <summary>JSON <c>keep_content_days</c>.</summary>
    public int? KeepContentDays { get; init; }

    /// <summary>JSON <c>webhook_recipient</c>: <c>full</c>, <c>hashed</c> or <c>omitted</c>.</summary>
    public string? WebhookRecipient { get; init; }

    /// <summary>JSON <c>webhook_recipient_key</c>: the key of the <c>hashed</c> recipient (64 hex), or null until hashed is chosen.</summary>
    public string? WebhookRecipientKey { get; init; }
    /// <summary>JSON <c>dedupe_window_minutes</c>: a message resent with the same Message-ID to the same recipient within this many minutes is not queued again; 0 = off.</summary>
    public int DedupeWindowMinutes { get; init; }

    /// <summary>JSON <c>require_tls</c>: every message of the tenant needs verified TLS to the recipient's MX (RFC 8689); otherwise it bounces 5.7.10 at the end of its retry window.</summary>
    public bool RequireTls { get; init; }

    /// <summary>JSON <c>tls_optional_allowed</c>: whether a message's <c>TLS-Required: No</c> header is honoured (MTA-STS and DANE failures do not hold it back).</summary>
    public bool TlsOptionalAllowed { get; init; }

    /// <summary>JSON <c>stream_defaults</c>.</summary>
    public bool? StreamDefaults { get; init; }

    /// <summary>JSON <c>keep_subjects</c>.</summary>
    public bool? KeepSubjects { get; init; }
}
