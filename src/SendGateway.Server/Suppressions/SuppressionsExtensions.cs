using SendGateway.Server.Settings;

namespace SendGateway.Server.Suppressions;

public static class SuppressionsExtensions
{
    public static IHostApplicationBuilder AddSuppressions(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SuppressionsOptions>().BindConfiguration("SendGateway:Suppressions").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<SuppressionStore>();
        builder.Services.AddSingleton<TenantSettingsStore>();
        builder.Services.AddSingleton<DisposableDomains>();
        builder.Services.AddSingleton<RecipientScreen>();
        return builder;
    }
}
