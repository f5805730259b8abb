using System.ComponentModel.DataAnnotations;

namespace SendGateway.Server.Delivery;

/// <summary>Limits for one destination (a domain or a provider group): 0 = unlimited.</summary>
public sealed class ShapingRule
{
    /// <summary>Delivery attempts per minute, over every worker (counted in Redis).</summary>
    [Range(0, 10_000_000)]
    public int MessagesPerMinute { get; set; }
}
