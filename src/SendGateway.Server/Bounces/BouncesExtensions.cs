using Microsoft.Extensions.Options;

namespace SendGateway.Server.Bounces;

internal static class BouncesExtensions
{
    public static IHostApplicationBuilder AddBounces(this IHostApplicationBuilder builder, SendGatewayRoles roles)
    {
        builder.Services.AddValidatedOptions<BounceOptions>("SendGateway:Bounces");
        builder.Services.AddSingleton<Domains.IReturnPathDomain>(s => s.GetRequiredService<IOptions<BounceOptions>>().Value); // the domains' return-path record
        builder.Services.AddSingleton<VerpAddresses>();
        if (roles.Events)
        {
            builder.Services.AddSingleton<BounceRecorder>();
            builder.Services.AddSingleton<Inbound.IInboundMail, BounceInbox>(); // what the inbound listener hands mail to
        }

        return builder;
    }
}
