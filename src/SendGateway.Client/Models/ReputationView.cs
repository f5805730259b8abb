namespace SendGateway.Client;

/// <summary>The API's <c>ReputationView</c> object: a tenant's pause state, lines and rates.</summary>
public sealed record ReputationView
{
    /// <summary>JSON <c>tenant_id</c>.</summary>
    public string? TenantId { get; init; }

    /// <summary>JSON <c>paused</c>.</summary>
    public bool Paused { get; init; }

    /// <summary>JSON <c>paused_reason</c>.</summary>
    public string? PausedReason { get; init; }

    /// <summary>JSON <c>paused_since</c>.</summary>
    public DateTimeOffset? PausedSince { get; init; }

    /// <summary>JSON <c>warning</c>.</summary>
    public string? Warning { get; init; }

    /// <summary>JSON <c>lines</c>.</summary>
    public ReputationLinesView? Lines { get; init; }

    /// <summary>JSON <c>own</c>.</summary>
    public ReputationLinesRequest? Own { get; init; }

    /// <summary>JSON <c>window_seconds</c>.</summary>
    public long WindowSeconds { get; init; }

    /// <summary>JSON <c>rates</c>.</summary>
    public ReputationRates? Rates { get; init; }

    /// <summary>JSON <c>domains</c>.</summary>
    public IReadOnlyDictionary<string, ReputationRates>? Domains { get; init; }
}
