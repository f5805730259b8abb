namespace SendGateway.Server.Events;

internal static class EventsExtensions
{
    public static IHostApplicationBuilder AddEvents(this IHostApplicationBuilder builder, SendGatewayRoles roles)
    {
        builder.Services.AddValidatedOptions<EventsOptions>("SendGateway:Events");
        builder.Services.AddSingleton<EventStore>();
        builder.Services.AddSingleton<EventReadStore>();
        builder.Services.AddSingleton<PrivacyContract.IErasureStep, EventErasureStep>();
        builder.Services.AddSingleton<PrivacyContract.IRetentionStep, EventRetentionStep>();
        builder.Services.AddSingleton<PrivacyContract.ITenantDeletionStep, EventTenantDeletionStep>();
        if (roles.Events)
        {
            builder.Services.AddHostedService<EventIngestWorker>();
        }

        return builder;
    }
}
