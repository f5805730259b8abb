namespace SendGateway.Server.Settings;

/// <summary>A tenant's settings (api.md §5 <c>/v1/settings</c>); a tenant that never saved any has <see cref="Defaults"/>.</summary>
/// <param name="RetentionDays">Days events and messages are kept; null = the service default (<c>Privacy:DefaultRetentionDays</c>).</param>
/// <param name="AnonymizeAfterMinutes">Minutes after a message's final status its address is masked; null = never.</param>
/// <param name="AnonymizeMetadata">Whether anonymisation also drops the message's metadata.</param>
public sealed record TenantSettings(
    int HardBouncesBeforeSuppression, bool SuppressOnSpambounce, int? SuppressionValidityDays, bool BlockDisposableDomains,
    int? RetentionDays = null, int? AnonymizeAfterMinutes = null, bool AnonymizeMetadata = false)
{
    public static readonly TenantSettings Defaults = new(1, true, null, false);
}
