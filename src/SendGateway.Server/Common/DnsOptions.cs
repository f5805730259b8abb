using System.ComponentModel.DataAnnotations;
using System.Net;
using DnsClient;

namespace SendGateway.Server.Common;

public sealed class DnsOptions
{
    /// <summary><c>ip:port</c> of the name servers for MX lookups; empty = the system's.</summary>
    public List<string> Servers { get; set; } = [];

    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Lookup settings every resolver of the service shares: these servers (or the system's), the timeout, one retry, no exceptions.</summary>
    public LookupClientOptions LookupOptions(bool useCache)
    {
        var servers = Servers.Select(s => new NameServer(IPEndPoint.Parse(s))).ToArray();
        var options = servers.Length > 0 ? new LookupClientOptions(servers) : new LookupClientOptions();
        options.UseCache = useCache;
        options.Timeout = Timeout;
        options.Retries = 1;
        options.ThrowDnsErrors = false;
        return options;
    }
}
