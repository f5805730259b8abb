using System.Net;
using SendGateway.Server.Delivery.TlsPolicy;

namespace SendGateway.Server.Delivery.Connections;

/// <summary>One address to try: the MX (or route) host name and one of its addresses.</summary>
internal sealed record DeliveryTarget(string Host, IPAddress Address, int Port)
{
    /// <summary>The local address bound on the socket and the EHLO name it announces; null = the host's default route and HeloName.</summary>
    public (IPAddress Address, string EhloName)? Source { get; init; }

    public string Key => Source is { } source ? $"{Address}:{Port}@{source.Address}" : $"{Address}:{Port}";

    /// <summary>Per-destination overrides of the connection cap and the messages per connection (null = the defaults).</summary>
    public int? MaxConnections { get; init; }

    public int? MessagesPerConnection { get; init; }

    /// <summary>What this attempt asks of TLS to this host (<see cref="TlsPolicyResolver"/>); opportunistic unless a policy says more.</summary>
    public TlsRequirement Tls { get; init; } = TlsRequirement.Opportunistic;

    /// <summary>The MX address itself, whatever source connects to it (the cross-worker connection count).</summary>
    public string MxKey => $"{Address}:{Port}";
}
