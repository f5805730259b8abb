namespace SendGateway.Server.Settings;

/// <summary>A tenant's settings (api.md §5 <c>/v1/settings</c>); a tenant that never saved any has <see cref="Defaults"/>.</summary>
public sealed record TenantSettings(
    int HardBouncesBeforeSuppression, bool SuppressOnSpambounce, int? SuppressionValidityDays, bool BlockDisposableDomains)
{
    public static readonly TenantSettings Defaults = new(1, true, null, false);
}
