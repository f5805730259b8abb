namespace SendGateway.Server.Inbound;

internal static class InboundExtensions
{
    /// <summary>The inbound SMTP listener in the events role, handing mail to the <see cref="IInboundMail"/> a feature registers.</summary>
    public static IHostApplicationBuilder AddInbound(this IHostApplicationBuilder builder, SendGatewayRoles roles)
    {
        if (roles.Events)
        {
            builder.Services.AddSingleton<InboundListener>();
            builder.Services.AddHostedService(s => s.GetRequiredService<InboundListener>());
        }

        return builder;
    }
}
