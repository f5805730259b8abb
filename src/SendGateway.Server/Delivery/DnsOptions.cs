using System.ComponentModel.DataAnnotations;

namespace SendGateway.Server.Delivery;

public sealed class DnsOptions
{
    /// <summary><c>ip:port</c> of the name servers for MX lookups; empty = the system's.</summary>
    public List<string> Servers { get; set; } = [];

    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);
}
