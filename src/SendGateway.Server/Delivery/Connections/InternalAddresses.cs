using System.Net;
using System.Net.NetworkInformation;

namespace SendGateway.Server.Delivery.Connections;

/// <summary>
/// Which addresses an MX found in DNS may not resolve to (reliability.md T74): loopback, unspecified, RFC 1918, shared
/// address space (RFC 6598), link-local, IPv6 unique-local and this host's own addresses (mail would loop back, or leave
/// the public Internet for a network the operator did not mean to reach), unless one of
/// <see cref="DeliveryOptions.AllowedMxNetworks"/> holds the address. Static routes are the operator's own and are not checked.
/// </summary>
internal sealed class InternalAddresses
{
    private static readonly IPNetwork[] Internal =
    [
        IPNetwork.Parse("0.0.0.0/8"), IPNetwork.Parse("10.0.0.0/8"), IPNetwork.Parse("100.64.0.0/10"), IPNetwork.Parse("127.0.0.0/8"),
        IPNetwork.Parse("169.254.0.0/16"), IPNetwork.Parse("172.16.0.0/12"), IPNetwork.Parse("192.168.0.0/16"),
        IPNetwork.Parse("::/128"), IPNetwork.Parse("::1/128"), IPNetwork.Parse("fc00::/7"), IPNetwork.Parse("fe80::/10"),
    ];

    private readonly IPNetwork[] _allowed;
    private readonly HashSet<IPAddress> _own;

    public InternalAddresses(IEnumerable<string> allowedNetworks, IEnumerable<IPAddress> ownAddresses)
    {
        _allowed = [.. allowedNetworks.Select(n => IPNetwork.Parse(n.Trim()))];
        _own = [.. ownAddresses.Select(Normal)];
    }

    /// <summary>The addresses of this host's interfaces, read once at start.</summary>
    public static IEnumerable<IPAddress> OwnAddresses() =>
        NetworkInterface.GetAllNetworkInterfaces().SelectMany(i => i.GetIPProperties().UnicastAddresses).Select(u => u.Address);

    public bool Refuses(IPAddress address)
    {
        var normal = Normal(address);
        return !_allowed.Any(n => n.Contains(normal)) && (_own.Contains(normal) || Internal.Any(n => n.Contains(normal)));
    }

    private static IPAddress Normal(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
