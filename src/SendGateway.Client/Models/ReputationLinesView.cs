namespace SendGateway.Client;

/// <summary>The API's <c>ReputationLinesView</c> object: the lines in force and the minimum volumes.</summary>
public sealed record ReputationLinesView
{
    /// <summary>JSON <c>warn_complaint_rate</c>.</summary>
    public double WarnComplaintRate { get; init; }

    /// <summary>JSON <c>pause_complaint_rate</c>.</summary>
    public double PauseComplaintRate { get; init; }

    /// <summary>JSON <c>warn_hard_bounce_rate</c>.</summary>
    public double WarnHardBounceRate { get; init; }

    /// <summary>JSON <c>pause_hard_bounce_rate</c>.</summary>
    public double PauseHardBounceRate { get; init; }

    /// <summary>JSON <c>minimum_delivered</c>.</summary>
    public int MinimumDelivered { get; init; }

    /// <summary>JSON <c>minimum_attempted</c>.</summary>
    public int MinimumAttempted { get; init; }
}
