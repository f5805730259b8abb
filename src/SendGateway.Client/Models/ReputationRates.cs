namespace SendGateway.Client;

/// <summary>The API's <c>ReputationRates</c> object: counts and rates in the reputation window.</summary>
public sealed record ReputationRates
{
    /// <summary>JSON <c>delivered</c>.</summary>
    public long Delivered { get; init; }

    /// <summary>JSON <c>attempted</c>.</summary>
    public long Attempted { get; init; }

    /// <summary>JSON <c>complaints</c>.</summary>
    public long Complaints { get; init; }

    /// <summary>JSON <c>hard_bounces</c>.</summary>
    public long HardBounces { get; init; }

    /// <summary>JSON <c>complaint_rate</c>.</summary>
    public double ComplaintRate { get; init; }

    /// <summary>JSON <c>hard_bounce_rate</c>.</summary>
    public double HardBounceRate { get; init; }
}
