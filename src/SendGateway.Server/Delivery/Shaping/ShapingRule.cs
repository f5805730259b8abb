using System.ComponentModel.DataAnnotations;

namespace SendGateway.Server.Delivery.Shaping;

/// <summary>Limits for one destination (a domain or a provider group): 0 = unlimited.</summary>
public sealed class ShapingRule
{
    /// <summary>Delivery attempts per minute, over every worker (counted in Redis).</summary>
    [Range(0, 10_000_000)]
    public int MessagesPerMinute { get; set; }

    /// <summary>Open connections per MX address of this destination, per worker (0 = <c>MaxConnectionsPerDestination</c>).</summary>
    [Range(0, 10_000)]
    public int MaxConnections { get; set; }

    /// <summary>Messages before a connection to this destination is replaced (0 = <c>MessagesPerConnection</c>).</summary>
    [Range(0, 1_000_000)]
    public int MessagesPerConnection { get; set; }
}
