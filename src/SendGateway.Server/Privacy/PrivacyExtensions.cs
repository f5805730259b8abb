namespace SendGateway.Server.Privacy;

internal static class PrivacyExtensions
{
    public static IHostApplicationBuilder AddPrivacy(this IHostApplicationBuilder builder, SendGatewayRoles roles)
    {
        builder.Services.AddValidatedOptions<PrivacyOptions>("SendGateway:Privacy");
        builder.Services.AddSingleton<ErasureSteps>();
        builder.Services.AddSingleton<RecipientErasure>();
        builder.Services.AddSingleton<RecipientExport>();
        builder.Services.AddSingleton<RetentionSteps>();
        builder.Services.AddSingleton<TenantDeletionSteps>();
        builder.Services.AddHostedService<PrivacyStepsCheck>();
        builder.Services.AddSingleton<TenantOffboarding>();
        builder.Services.AddSingleton<TenantExport>();
        if (roles.Events)
        {
            builder.Services.AddSingleton<RetentionWorker>();
            builder.Services.AddHostedService(s => s.GetRequiredService<RetentionWorker>());
        }

        return builder;
    }
}
