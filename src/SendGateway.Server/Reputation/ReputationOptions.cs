using System.ComponentModel.DataAnnotations;

namespace SendGateway.Server.Reputation;

/// <summary>
/// <c>SendGateway:Reputation</c>: the reputation guard. Over a rolling <see cref="Window"/>, per tenant and per sender
/// domain, the complaint rate (<c>feedback</c> events over <c>ok</c>) and the hard-bounce rate (<c>hardbounce</c> over
/// the attempts: <c>ok</c>, <c>softbounce</c>, <c>hardbounce</c> and <c>spambounce</c> events) are compared with the warn
/// and pause lines once the volume reaches the minimum. A tenant may have its own lines (<c>PUT /v1/admin/tenants/{id}/reputation</c>).
/// </summary>
public sealed class ReputationOptions : IValidatableObject
{
    /// <summary>Count ingested events and warn and pause tenants. Off: nothing is counted and no tenant is paused by the guard (an operator still may).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The rolling window the rates are counted over.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The width of one counting bucket in Redis; the window moves by a bucket at a time.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Bucket { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Delivered messages (<c>ok</c>) in the window before the complaint rate counts.</summary>
    [Range(1, 100_000_000)]
    public int MinimumDelivered { get; set; } = 1000;

    /// <summary>Attempts in the window before the hard-bounce rate counts.</summary>
    [Range(1, 100_000_000)]
    public int MinimumAttempted { get; set; } = 1000;

    /// <summary>Complaint rate (0.001 = 0.1 %) from which a tenant is warned.</summary>
    [Range(0.000001, 1.0)]
    public double WarnComplaintRate { get; set; } = 0.001;

    /// <summary>Complaint rate from which a tenant is paused.</summary>
    [Range(0.000001, 1.0)]
    public double PauseComplaintRate { get; set; } = 0.003;

    /// <summary>Hard-bounce rate from which a tenant is warned.</summary>
    [Range(0.000001, 1.0)]
    public double WarnHardBounceRate { get; set; } = 0.02;

    /// <summary>Hard-bounce rate from which a tenant is paused.</summary>
    [Range(0.000001, 1.0)]
    public double PauseHardBounceRate { get; set; } = 0.05;

    /// <summary>How often the events role compares the rates of the tenants with events in the window.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan EvaluateInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Tenants compared per round (the most recently active first); the rest wait for a later round.</summary>
    [Range(1, 1_000_000)]
    public int MaxTenantsPerRound { get; set; } = 10_000;

    /// <summary>How often each delivery node re-reads which tenants are paused (its answer on every attempt comes from memory).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan PausedRefresh { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Paused tenants a node keeps in memory; more are not held (an alert the operator sees long before).</summary>
    [Range(1, 1_000_000)]
    public int MaxPausedTenants { get; set; } = 100_000;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (WarnComplaintRate >= PauseComplaintRate)
        {
            yield return new ValidationResult("WarnComplaintRate must be below PauseComplaintRate.", [nameof(WarnComplaintRate)]);
        }

        if (WarnHardBounceRate >= PauseHardBounceRate)
        {
            yield return new ValidationResult("WarnHardBounceRate must be below PauseHardBounceRate.", [nameof(WarnHardBounceRate)]);
        }

        if (Bucket > Window || Window.Ticks / Bucket.Ticks > 2000)
        {
            yield return new ValidationResult("Bucket must fit in Window at most 2000 times (e.g. 24 h in buckets of 15 minutes).", [nameof(Bucket)]);
        }
    }
}
