using System.ComponentModel.DataAnnotations;

namespace SendGateway.Server.Hosting;

/// <summary><c>SendGateway:Api</c>: the HTTP listener's limits (Kestrel).</summary>
public sealed class ApiOptions
{
    [Range(1, 1_000_000)]
    public long MaxConcurrentConnections { get; set; } = 10_000;

    [Range(1024, 1024 * 1024)]
    public int MaxRequestHeadersTotalSize { get; set; } = 32 * 1024;

    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan RequestHeadersTimeout { get; set; } = TimeSpan.FromSeconds(30);

    [Range(typeof(TimeSpan), "00:00:01", "00:30:00")]
    public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Slowest request body accepted (bytes a second, averaged once the grace period is over); a slower one is cut off. 0: no minimum.</summary>
    [Range(0, 1_000_000)]
    public int MinRequestBodyBytesPerSecond { get; set; } = 240;

    /// <summary>How long a request body may arrive slower than <see cref="MinRequestBodyBytesPerSecond"/> before the rate counts.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan MinRequestBodyGracePeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// On a stop (SIGTERM), how long <c>/readyz</c> answers 503 while the listeners still serve, so a load balancer takes
    /// the instance out before it stops accepting (reliability.md T94); requests in flight then get the host's shutdown
    /// timeout to finish. 0 closes the listeners at once.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan StopDrainTime { get; set; } = TimeSpan.FromSeconds(5);
}
