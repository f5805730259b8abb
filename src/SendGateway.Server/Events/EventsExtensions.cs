using SendGateway.Server.Hosting;

namespace SendGateway.Server.Events;

public static class EventsExtensions
{
    public static IHostApplicationBuilder AddEvents(this IHostApplicationBuilder builder, SendGatewayRoles roles)
    {
        builder.Services.AddValidatedOptions<EventsOptions>("SendGateway:Events");
        builder.Services.AddSingleton<EventStore>();
        builder.Services.AddSingleton<EventReadStore>();
        if (roles.Events)
        {
            builder.Services.AddHostedService<EventIngestWorker>();
        }

        return builder;
    }
}
