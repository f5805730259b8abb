using System.Net;
using System.Net.NetworkInformation;

namespace SendGateway.Server.IpPools;

/// <summary>
/// The source addresses this node can send from (<see cref="ILocalSourcesSetting"/>; unset: the addresses of its
/// network interfaces, where a loopback interface stands for all of 127.0.0.0/8). A pool is on this node when some of its
/// addresses are; the host's default route is on every node.
/// </summary>
internal sealed class LocalSources(ILocalSourcesSetting setting)
{
    private readonly Lazy<(HashSet<IPAddress> Addresses, bool Loopback)> _local = new(() => Read(setting.LocalSources));

    public bool Has(string address)
    {
        if (!IPAddress.TryParse(address, out var ip))
        {
            return false;
        }

        var (addresses, loopback) = _local.Value;
        return addresses.Contains(ip) || (loopback && IPAddress.IsLoopback(ip));
    }

    private static (HashSet<IPAddress>, bool) Read(IReadOnlyList<string> configured)
    {
        if (configured.Count > 0)
        {
            return ([.. configured.Select(a => IPAddress.Parse(a.Trim()))], false);
        }

        var found = NetworkInterface.GetAllNetworkInterfaces()
            .Where(i => i.OperationalStatus is OperationalStatus.Up or OperationalStatus.Unknown)
            .SelectMany(i => i.GetIPProperties().UnicastAddresses).Select(u => u.Address).ToHashSet();
        return (found, found.Any(IPAddress.IsLoopback));
    }
}
