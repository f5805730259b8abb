namespace SendGateway.Server.Suppressions;

internal static class SuppressionsExtensions
{
    public static IHostApplicationBuilder AddSuppressions(this IHostApplicationBuilder builder, SendGatewayRoles roles)
    {
        builder.Services.AddValidatedOptions<SuppressionsOptions>("SendGateway:Suppressions");
        builder.Services.AddSingleton<SuppressionStore>();
        builder.Services.AddSingleton<SuppressionChanges>();
        builder.Services.AddSingleton<SuppressionCache>();
        builder.Services.AddSingleton<DisposableDomains>();
        builder.Services.AddSingleton<RecipientScreen>();
        builder.Services.AddSingleton<Events.IIngestStep, SuppressionStep>();
        builder.Services.AddSingleton<Events.IIngestStep, ErasedRecipientsStep>();
        builder.Services.AddSingleton<PrivacyContract.IErasureStep, SuppressionErasureStep>();
        builder.Services.AddSingleton<PrivacyContract.ITenantDeletionStep, SuppressionTenantDeletionStep>();
        if (roles.Events)
        {
            builder.Services.AddHostedService<SuppressionCacheSync>();
        }

        return builder;
    }
}
