using System.ComponentModel.DataAnnotations;

namespace SendGateway.Server.Delivery;

/// <summary>Back-off after a temporary failure: FirstDelay doubling up to MaxDelay, ± Jitter (reliability.md §5).</summary>
public sealed class RetryOptions
{
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan FirstDelay { get; set; } = TimeSpan.FromMinutes(5);

    [Range(typeof(TimeSpan), "00:00:00.010", "7.00:00:00")]
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromHours(1);

    [Range(0.0, 0.5)]
    public double Jitter { get; set; } = 0.1;
}
