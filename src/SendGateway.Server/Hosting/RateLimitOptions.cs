using System.ComponentModel.DataAnnotations;

namespace SendGateway.Server.Hosting;

/// <summary>
/// <c>SendGateway:RateLimits</c>: token buckets per API key, per tenant and per client address for unauthenticated
/// requests (requests per second and burst; 0 = no limit), held in Redis so they hold for every api node together
/// (<see cref="Shared"/>). Over the limit: 429 with Retry-After. While Redis does not answer, each node applies the
/// same limits on its own (N nodes then allow up to N times them) rather than refuse or fail requests.
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

    /// <summary>
    /// The buckets live in Redis, shared by every node (one script call per limited request); false: each node counts on
    /// its own, with no Redis round trip (one node, or limits meant per node).
    /// </summary>
    public bool Shared { get; set; } = true;

    /// <summary>How long a request waits for the shared buckets' answer before this node counts it on its own.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:10")]
    public TimeSpan RedisTimeout { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>After Redis failed to answer, how long this node counts on its own before it asks Redis again.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan FallbackTime { get; set; } = TimeSpan.FromSeconds(5);
}
