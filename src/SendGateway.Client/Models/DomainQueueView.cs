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

    /// <summary>JSON <c>held</c>: scheduled messages waiting without an attempt, by reason (<c>tenant_paused</c>, <c>operator</c>, <c>warmup_limit</c>…).</summary>
    public IReadOnlyDictionary<string, long>? Held { get; init; }
}
