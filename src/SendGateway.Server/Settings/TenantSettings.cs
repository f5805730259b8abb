namespace SendGateway.Server.Settings;

/// <summary>A tenant's settings (api.md §5 <c>/v1/settings</c>); a tenant that never saved any has <see cref="Defaults"/>.</summary>
/// <param name="RetentionDays">Days events and messages are kept; null = the service default (<c>Privacy:DefaultRetentionDays</c>).</param>
/// <param name="AnonymizeAfterMinutes">Minutes after a message's final status its address is masked; null = never.</param>
/// <param name="AnonymizeMetadata">Whether anonymisation also drops the message's metadata.</param>
/// <param name="TrackOpens">Track opens of messages that do not say (their <c>tracking.opens</c>, SMTP <c>X-SG-Track</c>).</param>
/// <param name="TrackClicks">Track clicks of messages that do not say.</param>
/// <param name="TrackTextLinks">Also track the links of text parts when a message tracks clicks.</param>
/// <param name="TrackingStoreUserAgent">Keep the User-Agent of opens and clicks on their events (off: used for the verdict and dropped).</param>
/// <param name="KeepContentDays">Days each message's content as sent is kept for the panel; null = not kept.</param>
/// <param name="WebhookRecipient">What webhook payloads carry of the recipient: <c>full</c> (the address), <c>hashed</c> (a keyed hash) or <c>omitted</c>.</param>
/// <param name="WebhookRecipientKey">The tenant's key of the <c>hashed</c> form (64 hex), made when <c>hashed</c> is first chosen and kept after.</param>
/// <param name="DedupeWindowMinutes">Minutes a message's Message-ID and recipient are remembered: a resend within them is not queued again; 0 = off.</param>
/// <param name="RequireTls">Every message of the tenant needs verified TLS to the recipient's MX or is not delivered (as REQUIRETLS, RFC 8689).</param>
/// <param name="TlsOptionalAllowed">Whether a message's <c>TLS-Required: No</c> header is honoured (MTA-STS and DANE failures do not hold it back).</param>
/// <param name="StreamDefaults">
/// The message streams' own defaults apply: no unsubscribe headers on transactional streams, and an unsubscribe suppresses
/// the address for its stream's kind only. False (tenants made before streams, until they switch): the tenant's
/// <paramref name="Unsubscribe"/> on every stream that does not set its own, and an unsubscribe suppresses for everything.
/// </param>
/// <param name="KeepSubjects">Keep each message's subject with its row for Activity and search (subjects can carry personal data); off: not stored.</param>
/// <param name="Unsubscribe"><c>header</c> (List-Unsubscribe on every copy), <c>header_and_footer</c> (and a visible link at the end), or <c>off</c>.</param>
internal sealed record TenantSettings(
    int HardBouncesBeforeSuppression, bool SuppressOnSpambounce, int? SuppressionValidityDays, bool BlockDisposableDomains,
    int? RetentionDays = null, int? AnonymizeAfterMinutes = null, bool AnonymizeMetadata = false,
    bool TrackOpens = false, bool TrackClicks = false, string Unsubscribe = TenantSettings.UnsubscribeHeader, bool TrackTextLinks = false,
    bool TrackingStoreUserAgent = false, int? KeepContentDays = null,
    string WebhookRecipient = TenantSettings.WebhookRecipientFull, string? WebhookRecipientKey = null,
    int DedupeWindowMinutes = 0, bool RequireTls = false, bool TlsOptionalAllowed = false, bool StreamDefaults = true, bool KeepSubjects = true)
{
    public const string UnsubscribeHeader = "header";
    public const string UnsubscribeHeaderAndFooter = "header_and_footer";
    public const string UnsubscribeOff = "off";
    public const string WebhookRecipientFull = "full";
    public const string WebhookRecipientHashed = "hashed";
    public const string WebhookRecipientOmitted = "omitted";

    public static readonly TenantSettings Defaults = new(1, true, null, false);
}
