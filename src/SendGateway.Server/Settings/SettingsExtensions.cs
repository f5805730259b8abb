namespace SendGateway.Server.Settings;

internal static class SettingsExtensions
{
    /// <summary>Each tenant's own settings (suppression rules), read by the slices they tune.</summary>
    public static IHostApplicationBuilder AddSettings(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<TenantSettingsStore>();
        builder.Services.AddSingleton<PrivacyContract.ITenantDeletionStep, TenantSettingsTenantDeletionStep>();
        return builder;
    }
}
