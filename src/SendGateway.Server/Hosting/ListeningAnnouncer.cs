using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using SendGateway.Server.Relay;

namespace SendGateway.Server.Hosting;

/// <summary>
/// Once the host has started, one line per listener naming its protocol: HTTP (and which of it is the management
/// listener) or the SMTP relay with its TLS mode. The host's own lifetime lines print every Kestrel endpoint as
/// <c>http://</c>, SMTP ports included, so they are kept at Warning (<see cref="ProgramDefaults"/>).
/// </summary>
public sealed class ListeningAnnouncer(
    IServer server, IHostApplicationLifetime lifetime, SendGatewayRoles roles, IOptions<RelayOptions> relay,
    IOptions<ManagementOptions> management, ILogger<ListeningAnnouncer> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(Announce);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Announce()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var ports = relay.Value.Ports;
        var managementPorts = management.Value.Endpoints().Select(u => u.Port).ToHashSet();
        foreach (var address in addresses)
        {
            if (!Uri.TryCreate(address, UriKind.Absolute, out var url))
            {
                continue;
            }

            if (roles.Relay && url.Port > 0 && (url.Port == ports.Submission || url.Port == ports.Alternate))
            {
                HostingLog.ListeningSmtp(logger, url.Authority, "STARTTLS");
            }
            else if (roles.Relay && url.Port > 0 && url.Port == ports.Tls)
            {
                HostingLog.ListeningSmtp(logger, url.Authority, "implicit TLS");
            }
            else if (managementPorts.Contains(url.Port))
            {
                HostingLog.ListeningManagement(logger, url.Authority);
            }
            else
            {
                HostingLog.ListeningHttp(logger, url.Authority);
            }
        }
    }
}
