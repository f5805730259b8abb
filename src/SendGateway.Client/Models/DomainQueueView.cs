namespace SendGateway.Client;

/// <summary>The API's <c>DomainQueueView</c> object.</summary>
public sealed record DomainQueueView
{
    /// <summary>JSON <c>domain</c>.</summary>
    public string? Domain { get; init; }

    /// <summary>JSON <c>queued</c>.</summary>
    public long Queued { get; init; }

    /// <summary>JSON <c>scheduled</c>.</summary>
    public long Scheduled { get; init; }

    /// <summary>JSON <c>oldest_age_seconds</c>.</summary>
    public double OldestAgeSeconds { get; init; }

    /// <summary>JSON <c>throttled_for_seconds</c>.</summary>
    public double? ThrottledForSeconds { get; init; }

    /// <summary>JSON <c>throttle_reason</c>.</summary>
    public string? ThrottleReason { get; init; }
}
