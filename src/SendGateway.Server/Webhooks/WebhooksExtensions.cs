namespace SendGateway.Server.Webhooks;

internal static class WebhooksExtensions
{
    public static IHostApplicationBuilder AddWebhooks(this IHostApplicationBuilder builder, SendGatewayRoles roles)
    {
        builder.Services.AddValidatedOptions<WebhooksOptions>("SendGateway:Webhooks");
        builder.Services.AddSingleton<WebhookResolver>();
        builder.Services.AddSingleton<WebhookUrls>();
        builder.Services.AddSingleton<WebhookHttp>();
        builder.Services.AddSingleton<WebhookSender>();
        builder.Services.AddSingleton<WebhookStore>();
        builder.Services.AddSingleton<WebhookChanges>();
        builder.Services.AddSingleton<WebhookBatchStore>();
        builder.Services.AddSingleton<WebhookRetrySchedule>();
        builder.Services.AddSingleton<WebhookCircuitBreaker>();
        builder.Services.AddSingleton<Events.IIngestStep, WebhookOutboxStep>();
        builder.Services.AddSingleton<PrivacyContract.IErasureStep, WebhookErasureStep>();
        builder.Services.AddSingleton<PrivacyContract.IRetentionStep, WebhookRetentionStep>();
        builder.Services.AddSingleton<PrivacyContract.ITenantDeletionStep, WebhookTenantDeletionStep>();
        if (roles.Events)
        {
            builder.Services.AddHostedService<WebhookDispatcher>();
        }

        return builder;
    }
}
