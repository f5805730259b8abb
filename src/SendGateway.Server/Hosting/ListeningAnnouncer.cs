using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace SendGateway.Server.Hosting;

/// <summary>
/// Once the host has started, one line per listener naming its protocol: HTTP (and which of it is the management
/// listener), or what its feature named in <see cref="ListenerProtocols"/> (the SMTP relay with its TLS mode). The
/// host's own lifetime lines print every Kestrel endpoint as <c>http://</c>, SMTP ports included, so they are kept at
/// Warning (<see cref="ProgramDefaults"/>).
/// </summary>
internal sealed class ListeningAnnouncer(
    IServer server, IHostApplicationLifetime lifetime, ListenerProtocols protocols, IOptions<ManagementOptions> management,
    ILogger<ListeningAnnouncer> logger) : IHostedService
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
        var managementPorts = management.Value.Endpoints().Select(u => u.Port).ToHashSet();
        foreach (var address in addresses)
        {
            if (!Uri.TryCreate(address, UriKind.Absolute, out var url))
            {
                continue;
            }

            if (protocols.Of(url.Port) is { } protocol)
            {
                HostingLog.ListeningOther(logger, url.Authority, protocol);
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
