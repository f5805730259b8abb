using System.Net;
using System.Net.Sockets;

namespace SendGateway.Server.Webhooks;

/// <summary>
/// The SSRF rules of reliability.md §6.2: which addresses and names a webhook may never reach (loopback, private,
/// CGNAT, link-local and metadata, benchmarking, multicast and reserved; IPv6 ULA, link-local, and IPv4 embedded in
/// IPv6 checked as IPv4), and which ports.
/// </summary>
public static class WebhookAddressGuard
{
    private static readonly (uint Network, int Prefix)[] BlockedV4 =
    [
        (0x00000000, 8), (0x0A000000, 8), (0x64400000, 10), (0x7F000000, 8), (0xA9FE0000, 16), (0xAC100000, 12),
        (0xC0000000, 24), (0xC0A80000, 16), (0xC6120000, 15), (0xE0000000, 3),
    ];

    private static readonly string[] BlockedSuffixes = [".localhost", ".local", ".internal", ".lan", ".home.arpa", ".svc", ".cluster.local"];

    /// <summary>Ports of mail, databases and caches a webhook has no business calling.</summary>
    private static readonly int[] BlockedPorts = [22, 23, 25, 110, 143, 465, 587, 993, 995, 2375, 2376, 3306, 5432, 6379, 9200, 11211, 27017];

    public static bool IsBlocked(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var bytes = address.GetAddressBytes();
            var value = ((uint)bytes[0] << 24) | ((uint)bytes[1] << 16) | ((uint)bytes[2] << 8) | bytes[3];
            return BlockedV4.Any(r => (value >> (32 - r.Prefix)) == (r.Network >> (32 - r.Prefix)));
        }

        var v6 = address.GetAddressBytes();
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.IPv6None) || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast)
        {
            return true;
        }

        if ((v6[0] & 0xFE) == 0xFC)
        {
            return true; // fc00::/7 unique local, includes fd00:ec2::254
        }

        // 64:ff9b::/96 (NAT64) and ::/96 (IPv4-compatible): judge the embedded IPv4 address.
        var nat64 = v6[0] == 0 && v6[1] == 0x64 && v6[2] == 0xFF && v6[3] == 0x9B && v6.AsSpan(4, 8).IndexOfAnyExcept((byte)0) < 0;
        var compatible = v6.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0;
        return (nat64 || compatible) && IsBlocked(new IPAddress(v6.AsSpan(12, 4)));
    }

    public static bool IsBlockedName(string host)
    {
        var name = host.TrimEnd('.').ToLowerInvariant();
        return name == "localhost" || !name.Contains('.') || BlockedSuffixes.Any(s => name.EndsWith(s, StringComparison.Ordinal));
    }

    public static bool IsBlockedPort(int port) => BlockedPorts.Contains(port);
}
