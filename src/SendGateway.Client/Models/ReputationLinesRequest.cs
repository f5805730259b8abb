namespace SendGateway.Client;

/// <summary>The API's <c>ReputationLinesRequest</c> object: a tenant's own warn and pause lines (null: the service's option).</summary>
public sealed record ReputationLinesRequest
{
    /// <summary>JSON <c>warn_complaint_rate</c>.</summary>
    public double? WarnComplaintRate { get; init; }

    /// <summary>JSON <c>pause_complaint_rate</c>.</summary>
    public double? PauseComplaintRate { get; init; }

    /// <summary>JSON <c>warn_hard_bounce_rate</c>.</summary>
    public double? WarnHardBounceRate { get; init; }

    /// <summary>JSON <c>pause_hard_bounce_rate</c>.</summary>
    public double? PauseHardBounceRate { get; init; }
}
