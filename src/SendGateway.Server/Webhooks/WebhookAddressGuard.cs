using System.Net;
using System.Net.Sockets;

namespace SendGateway.Server.Webhooks;

/// <summary>
/// The SSRF rules of reliability.md §6.2: which addresses and names a webhook may never reach (loopback, private,
/// CGNAT, link-local and metadata, benchmarking, multicast and reserved; IPv6: all but global unicast 2000::/3, and
/// in it the IETF, documentation and 6to4 blocks; IPv4-mapped and NAT64 64:ff9b::/96 judged by their IPv4 address),
/// and which ports.
/// </summary>
internal static class WebhookAddressGuard
{
    private static readonly (uint Network, int Prefix)[] BlockedV4 =
    [
        (0x00000000, 8), (0x0A000000, 8), (0x64400000, 10), (0x7F000000, 8), (0xA9FE0000, 16), (0xAC100000, 12),
        (0xC0000000, 24), (0xC0A80000, 16), (0xC6120000, 15), (0xE0000000, 3),
    ];

    /// <summary>
    /// Inside 2000::/3 but never a webhook's: 2001::/23 (IETF protocol assignments: Teredo 2001::/32, benchmarking
    /// 2001:2::/48, ORCHID 2001:10::/28 and 2001:20::/28), documentation (2001:db8::/32, 3fff::/20) and 6to4
    /// (2002::/16), whose relays reach whatever IPv4 address the next bytes name.
    /// </summary>
    private static readonly (byte[] Network, int Prefix)[] BlockedV6 =
    [
        (IPAddress.Parse("2001::").GetAddressBytes(), 23), (IPAddress.Parse("2001:db8::").GetAddressBytes(), 32),
        (IPAddress.Parse("2002::").GetAddressBytes(), 16), (IPAddress.Parse("3fff::").GetAddressBytes(), 20),
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
        if (v6[0] == 0 && v6[1] == 0x64 && v6[2] == 0xFF && v6[3] == 0x9B && v6.AsSpan(4, 8).IndexOfAnyExcept((byte)0) < 0)
        {
            return IsBlocked(new IPAddress(v6.AsSpan(12, 4))); // 64:ff9b::/96, the well-known NAT64 prefix: judge the embedded IPv4 address
        }

        if ((v6[0] & 0xE0) != 0x20)
        {
            // Outside 2000::/3, the only global unicast space: loopback, unspecified, IPv4-compatible (::/96), SIIT
            // (::ffff:0:0:0/96), local-use NAT64 (64:ff9b:1::/48), discard (100::/64), ULA (fc00::/7, fd00:ec2::254),
            // link-local, site-local, multicast, SRv6 (5f00::/16) and everything unassigned.
            return true;
        }

        return BlockedV6.Any(r => Matches(v6, r.Network, r.Prefix));
    }

    private static bool Matches(byte[] address, byte[] network, int prefix)
    {
        var whole = prefix / 8;
        if (!address.AsSpan(0, whole).SequenceEqual(network.AsSpan(0, whole)))
        {
            return false;
        }

        var mask = (byte)(0xFF << (8 - (prefix % 8)));
        return prefix % 8 == 0 || (address[whole] & mask) == (network[whole] & mask);
    }

    public static bool IsBlockedName(string host)
    {
        var name = host.TrimEnd('.').ToLowerInvariant();
        return name == "localhost" || !name.Contains('.') || BlockedSuffixes.Any(s => name.EndsWith(s, StringComparison.Ordinal));
    }

    public static bool IsBlockedPort(int port) => BlockedPorts.Contains(port);
}
