namespace SendGateway.Server.Settings;

/// <summary>Body of <c>PUT /v1/settings</c>: fields left out keep their current value.</summary>
internal sealed record UpdateSettingsRequest(
    int? HardBouncesBeforeSuppression, bool? SuppressOnSpambounce, int? SuppressionValidityDays, bool? BlockDisposableDomains, bool? SuppressionsNeverExpire,
    int? RetentionDays = null, int? AnonymizeAfterMinutes = null, bool? AnonymizeMetadata = null, bool? NeverAnonymize = null,
    bool? TrackOpens = null, bool? TrackClicks = null, string? Unsubscribe = null, bool? TrackTextLinks = null, bool? TrackingStoreUserAgent = null, int? KeepContentDays = null,
    string? WebhookRecipient = null,
    int? DedupeWindowMinutes = null, bool? RequireTls = null, bool? TlsOptionalAllowed = null, bool? StreamDefaults = null, bool? KeepSubjects = null);
