using System.Net;
using Microsoft.AspNetCore.Connections;
using SendGateway.Server.Hosting;

namespace SendGateway.Server.Relay;

internal static class RelayExtensions
{
    /// <summary>
    /// SMTP credentials everywhere; with the <c>relay</c> role, Kestrel listens on the relay ports too. Kestrel then
    /// binds only explicit endpoints, so the HTTP endpoints of <c>urls</c> are bound here as well.
    /// </summary>
    public static IHostApplicationBuilder AddRelay(this WebApplicationBuilder builder, SendGatewayRoles roles)
    {
        builder.Services.AddValidatedOptions<RelayOptions>("SendGateway:Relay");
        builder.Services.AddSingleton<SmtpCredentialStore>();
        builder.Services.AddSingleton<SmtpCredentialChanges>();
        builder.Services.AddSingleton<PrivacyContract.ITenantDeletionStep, SmtpCredentialTenantDeletionStep>();
        if (!roles.Relay)
        {
            return builder;
        }

        builder.Services.AddSingleton<RelayAuthenticator>();
        builder.Services.AddSingleton<SenderRefusalAudit>();
        builder.Services.AddSingleton<SmtpCredentialUses>();
        builder.Services.AddHostedService(s => s.GetRequiredService<SmtpCredentialUses>());
        builder.Services.AddSingleton<RelayCertificate>();
        builder.Services.AddSingleton<RelayConnectionLimiter>();
        builder.Services.AddSingleton<RelayShutdown>();
        builder.Services.AddHostedService(s => s.GetRequiredService<RelayShutdown>());
        builder.Services.AddSingleton<RelayTemplates>();
        builder.Services.AddSingleton<ProxyProtocolMiddleware>();
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            HttpListeners.ListenUrls(kestrel, context.Configuration);

            // Through IOptions, so the options are validated (and a bad port named) before anything listens on them.
            var relay = kestrel.ApplicationServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<RelayOptions>>().Value;
            var address = IPAddress.TryParse(relay.ListenAddress, out var parsed) ? parsed : IPAddress.Loopback;
            var protocols = kestrel.ApplicationServices.GetRequiredService<ListenerProtocols>();
            foreach (var port in new[] { relay.Ports.Submission, relay.Ports.Alternate }.Where(p => p > 0))
            {
                kestrel.Listen(address, port, l => l.UseProxyProtocol().UseConnectionHandler<SmtpRelayConnectionHandler>());
                protocols.Name(port, "SMTP relay, STARTTLS");
            }

            if (relay.Ports.Tls > 0)
            {
                protocols.Name(relay.Ports.Tls, "SMTP relay, implicit TLS");
                kestrel.Listen(address, relay.Ports.Tls, l =>
                {
                    l.UseProxyProtocol(); // the header comes before the TLS hello
                    l.UseHttps(https => https.ServerCertificate = l.ApplicationServices.GetRequiredService<RelayCertificate>().Certificate);
                    l.UseConnectionHandler<SmtpRelayConnectionHandler>();
                });
            }
        });
        return builder;
    }

    /// <summary>The PROXY protocol header read first (<see cref="ProxyProtocolMiddleware"/>; a no-op unless turned on).</summary>
    private static Microsoft.AspNetCore.Server.Kestrel.Core.ListenOptions UseProxyProtocol(this Microsoft.AspNetCore.Server.Kestrel.Core.ListenOptions listen)
    {
        var middleware = listen.ApplicationServices.GetRequiredService<ProxyProtocolMiddleware>();
        listen.Use(next => connection => middleware.OnConnectedAsync(connection, next));
        return listen;
    }
}
