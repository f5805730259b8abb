using SendGateway.Server.Hosting;

namespace SendGateway.Server.Bounces;

public static class BouncesExtensions
{
    public static IHostApplicationBuilder AddBounces(this IHostApplicationBuilder builder, SendGatewayRoles roles)
    {
        builder.Services.AddValidatedOptions<BounceOptions>("SendGateway:Bounces");
        builder.Services.AddSingleton<VerpAddresses>();
        if (roles.Events)
        {
            builder.Services.AddSingleton<BounceRecorder>();
            builder.Services.AddSingleton<BounceListener>();
            builder.Services.AddHostedService(s => s.GetRequiredService<BounceListener>());
        }

        return builder;
    }
}
