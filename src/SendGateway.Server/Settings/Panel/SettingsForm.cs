namespace SendGateway.Server.Settings.Panel;

/// <summary>The Settings page's form: the tenant's settings, turned into the same change as <c>PUT /v1/settings</c>.</summary>
internal sealed class SettingsForm
{
    public bool TrackOpens { get; set; }

    public bool TrackClicks { get; set; }

    public bool TrackTextLinks { get; set; }

    public bool TrackingStoreUserAgent { get; set; }

    public string Unsubscribe { get; set; } = TenantSettings.UnsubscribeHeader;

    public int HardBouncesBeforeSuppression { get; set; } = 1;

    public bool SuppressOnSpambounce { get; set; }

    /// <summary>Empty: suppressions never expire.</summary>
    public int? SuppressionValidityDays { get; set; }

    public bool BlockDisposableDomains { get; set; }

    /// <summary>Empty: keep the current retention (the service default until one is set).</summary>
    public int? RetentionDays { get; set; }

    /// <summary>Empty: never anonymise.</summary>
    public int? AnonymizeAfterMinutes { get; set; }

    public bool AnonymizeMetadata { get; set; }

    /// <summary>0: content is not kept.</summary>
    public int KeepContentDays { get; set; }

    public string WebhookRecipient { get; set; } = TenantSettings.WebhookRecipientFull;

    /// <summary>Shown, not posted: the key of the hashed recipient (none until hashed is chosen).</summary>
    public string? WebhookRecipientKey { get; set; }

    /// <summary>0: no de-duplication.</summary>
    public int DedupeWindowMinutes { get; set; }

    public bool RequireTls { get; set; }

    public bool TlsOptionalAllowed { get; set; }

    /// <summary>The streams' own unsubscribe defaults and kind-scoped unsubscribes; off: the behaviour from before streams.</summary>
    public bool StreamDefaults { get; set; }

    /// <summary>Keep each message's subject for Activity and its search.</summary>
    public bool KeepSubjects { get; set; }

    public static SettingsForm From(TenantSettings s) => new()
    {
        TrackOpens = s.TrackOpens, TrackClicks = s.TrackClicks, TrackTextLinks = s.TrackTextLinks, TrackingStoreUserAgent = s.TrackingStoreUserAgent,
        Unsubscribe = s.Unsubscribe, HardBouncesBeforeSuppression = s.HardBouncesBeforeSuppression, SuppressOnSpambounce = s.SuppressOnSpambounce,
        SuppressionValidityDays = s.SuppressionValidityDays, BlockDisposableDomains = s.BlockDisposableDomains, RetentionDays = s.RetentionDays,
        AnonymizeAfterMinutes = s.AnonymizeAfterMinutes, AnonymizeMetadata = s.AnonymizeMetadata, KeepContentDays = s.KeepContentDays ?? 0,
        WebhookRecipient = s.WebhookRecipient, WebhookRecipientKey = s.WebhookRecipientKey,
        DedupeWindowMinutes = s.DedupeWindowMinutes, RequireTls = s.RequireTls, TlsOptionalAllowed = s.TlsOptionalAllowed,
        StreamDefaults = s.StreamDefaults, KeepSubjects = s.KeepSubjects,
    };

    public UpdateSettingsRequest ToRequest() => new(
        HardBouncesBeforeSuppression, SuppressOnSpambounce, SuppressionValidityDays, BlockDisposableDomains, SuppressionValidityDays is null,
        RetentionDays, AnonymizeAfterMinutes, AnonymizeMetadata, AnonymizeAfterMinutes is null,
        TrackOpens, TrackClicks, Unsubscribe, TrackTextLinks, TrackingStoreUserAgent, KeepContentDays,
        WebhookRecipient,
        DedupeWindowMinutes, RequireTls, TlsOptionalAllowed, StreamDefaults, KeepSubjects);
}
