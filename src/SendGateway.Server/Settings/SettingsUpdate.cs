namespace SendGateway.Server.Settings;

/// <summary>
/// A settings change, checked and merged the same way for <c>PUT /v1/settings</c> and the panel's Settings page:
/// fields left out keep their value; the errors are keyed by the API's field names.
/// </summary>
internal static class SettingsUpdate
{
    public const int MaxHardBounces = 100;
    public const int MaxValidityDays = 3650;
    public const int MaxContentDays = 90;
    public const int MaxDedupeWindowMinutes = 1440;

    public static (Dictionary<string, string[]> Errors, TenantSettings? Updated) Apply(UpdateSettingsRequest request, TenantSettings current)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.HardBouncesBeforeSuppression is < 1 or > MaxHardBounces)
        {
            errors["hard_bounces_before_suppression"] = [$"Must be between 1 and {MaxHardBounces}."];
        }

        if (request.SuppressionValidityDays is < 1 or > MaxValidityDays)
        {
            errors["suppression_validity_days"] = [$"Must be between 1 and {MaxValidityDays} days (or set suppressions_never_expire)."];
        }

        if (request.RetentionDays is < 1 or > MaxValidityDays)
        {
            errors["retention_days"] = [$"Must be between 1 and {MaxValidityDays} days."];
        }

        if (request.AnonymizeAfterMinutes is < 0 or > MaxValidityDays * 1440)
        {
            errors["anonymize_after_minutes"] = ["Must be between 0 and ten years in minutes (or set never_anonymize)."];
        }

        if (request.Unsubscribe is not (null or TenantSettings.UnsubscribeHeader or TenantSettings.UnsubscribeHeaderAndFooter or TenantSettings.UnsubscribeOff))
        {
            errors["unsubscribe"] = ["Must be header, header_and_footer or off."];
        }

        if (request.KeepContentDays is < 0 or > MaxContentDays)
        {
            errors["keep_content_days"] = [$"Must be between 0 (not kept) and {MaxContentDays} days."];
        }

        if (request.WebhookRecipient is not (null or TenantSettings.WebhookRecipientFull or TenantSettings.WebhookRecipientHashed or TenantSettings.WebhookRecipientOmitted))
        {
            errors["webhook_recipient"] = ["Must be full, hashed or omitted."];
        }

        if (request.DedupeWindowMinutes is < 0 or > MaxDedupeWindowMinutes)
        {
            errors["dedupe_window_minutes"] = [$"Must be between 0 (off) and {MaxDedupeWindowMinutes} minutes."];
        }

        if (errors.Count > 0)
        {
            return (errors, null);
        }

        var updated = new TenantSettings(
            request.HardBouncesBeforeSuppression ?? current.HardBouncesBeforeSuppression,
            request.SuppressOnSpambounce ?? current.SuppressOnSpambounce,
            request.SuppressionsNeverExpire == true ? null : request.SuppressionValidityDays ?? current.SuppressionValidityDays,
            request.BlockDisposableDomains ?? current.BlockDisposableDomains,
            request.RetentionDays ?? current.RetentionDays,
            request.NeverAnonymize == true ? null : request.AnonymizeAfterMinutes ?? current.AnonymizeAfterMinutes,
            request.AnonymizeMetadata ?? current.AnonymizeMetadata,
            request.TrackOpens ?? current.TrackOpens,
            request.TrackClicks ?? current.TrackClicks,
            request.Unsubscribe ?? current.Unsubscribe,
            request.TrackTextLinks ?? current.TrackTextLinks,
            request.TrackingStoreUserAgent ?? current.TrackingStoreUserAgent,
            request.KeepContentDays is { } days ? (days == 0 ? null : days) : current.KeepContentDays,
            request.WebhookRecipient ?? current.WebhookRecipient,
            current.WebhookRecipientKey ?? (request.WebhookRecipient == TenantSettings.WebhookRecipientHashed ? WebhookRecipientKey.New() : null),
            request.DedupeWindowMinutes ?? current.DedupeWindowMinutes,
            request.RequireTls ?? current.RequireTls,
            request.TlsOptionalAllowed ?? current.TlsOptionalAllowed,
            request.StreamDefaults ?? current.StreamDefaults,
            request.KeepSubjects ?? current.KeepSubjects);
        return (errors, updated);
    }
}
