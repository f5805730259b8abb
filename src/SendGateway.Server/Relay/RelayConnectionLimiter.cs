using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Options;

namespace SendGateway.Server.Relay;

/// <summary>Open relay connections in total and per client address (reliability.md T25).</summary>
internal sealed class RelayConnectionLimiter(IOptions<RelayOptions> options)
{
    private readonly ConcurrentDictionary<IPAddress, int> _perIp = new();
    private int _total;

    public bool TryEnter(IPAddress? address, out bool perIpExceeded)
    {
        perIpExceeded = false;
        if (Interlocked.Increment(ref _total) > options.Value.MaxConnections)
        {
            Interlocked.Decrement(ref _total);
            return false;
        }

        if (address is not null && _perIp.AddOrUpdate(address, 1, (_, n) => n + 1) > options.Value.MaxConnectionsPerIp)
        {
            Leave(address);
            perIpExceeded = true;
            return false;
        }

        return true;
    }

    public void Leave(IPAddress? address)
    {
        Interlocked.Decrement(ref _total);
        if (address is not null && _perIp.AddOrUpdate(address, 0, (_, n) => n - 1) <= 0)
        {
            _perIp.TryRemove(new KeyValuePair<IPAddress, int>(address, 0));
        }
    }
}
