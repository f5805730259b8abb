using System.Net;

namespace SendGateway.Server.Tenants;

/// <summary>A key's <c>allowed_ips</c>: single addresses or CIDRs; IPv4-mapped IPv6 clients are judged as IPv4.</summary>
internal static class SourceAddresses
{
    public const int MaxEntries = 100;

    public static bool TryParse(string entry, out IPNetwork network)
    {
        var text = entry.Trim();
        if (IPAddress.TryParse(text, out var single))
        {
            network = new IPNetwork(single, single.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }

        return IPNetwork.TryParse(text, out network);
    }

    public static bool Allows(IReadOnlyCollection<string> allowed, IPAddress? remote)
    {
        if (allowed.Count == 0)
        {
            return true;
        }

        if (remote is null)
        {
            return false;
        }

        var address = remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote;
        return allowed.Any(a => TryParse(a, out var network) && network.Contains(address));
    }
}
