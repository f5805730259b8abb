using System.ComponentModel.DataAnnotations;

namespace SendGateway.Server.Hosting;

/// <summary>
/// <c>SendGateway:RateLimits</c>: token buckets per API key, per tenant and per client address for unauthenticated
/// requests, per node (requests per second and burst; 0 = no limit). Over the limit: 429 with Retry-After.
/// </summary>
public sealed class RateLimitOptions
{
    [Range(0, 1_000_000)]
    public int PerKeyPerSecond { get; set; } = 2000;

    [Range(0, 10_000_000)]
    public int PerKeyBurst { get; set; } = 4000;

    [Range(0, 1_000_000)]
    public int PerTenantPerSecond { get; set; } = 5000;

    [Range(0, 10_000_000)]
    public int PerTenantBurst { get; set; } = 10000;

    /// <summary>Requests without a valid key (failed logins, probes) per client address.</summary>
    [Range(0, 1_000_000)]
    public int PerAddressPerSecond { get; set; } = 50;

    [Range(0, 10_000_000)]
    public int PerAddressBurst { get; set; } = 100;
}
