using System.Collections.Concurrent;

namespace SendGateway.Server.Hosting;

/// <summary>
/// What listens on the Kestrel ports that do not speak HTTP (the SMTP relay's), named by the feature that binds them,
/// so <see cref="ListeningAnnouncer"/> can say it without depending on that feature.
/// </summary>
internal sealed class ListenerProtocols
{
    private readonly ConcurrentDictionary<int, string> _byPort = new();

    public void Name(int port, string protocol) => _byPort[port] = protocol;

    public string? Of(int port) => _byPort.TryGetValue(port, out var protocol) ? protocol : null;
}
