using SendGateway.Server.Hosting;

namespace SendGateway.Server.Bounces;

public static class BouncesExtensions
{
    public static IHostApplicationBuilder AddBounces(this IHostApplicationBuilder builder, SendGatewayRoles roles)
    {
        builder.Services.AddOptions<BounceOptions>().BindConfiguration("SendGateway:Bounces").ValidateDataAnnotations().ValidateOnStart();
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
