namespace SendGateway.Client;

/// <summary>The API's <c>TenantView</c> object.</summary>
public sealed record TenantView
{
    /// <summary>JSON <c>id</c>.</summary>
    public string? Id { get; init; }

    /// <summary>JSON <c>name</c>.</summary>
    public string? Name { get; init; }

    /// <summary>JSON <c>suspended</c>.</summary>
    public bool Suspended { get; init; }

    /// <summary>JSON <c>paused</c>.</summary>
    public bool Paused { get; init; }

    /// <summary>JSON <c>paused_reason</c>.</summary>
    public string? PausedReason { get; init; }

    /// <summary>JSON <c>paused_since</c>.</summary>
    public DateTimeOffset? PausedSince { get; init; }

    /// <summary>JSON <c>reputation_warning</c>.</summary>
    public string? ReputationWarning { get; init; }

    /// <summary>JSON <c>created_at</c>.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>JSON <c>hourly_quota</c>.</summary>
    public int? HourlyQuota { get; init; }

    /// <summary>JSON <c>daily_quota</c>.</summary>
    public int? DailyQuota { get; init; }

    /// <summary>JSON <c>default_ip_pool</c>.</summary>
    public string? DefaultIpPool { get; init; }

    /// <summary>JSON <c>allowed_ip_pools</c>.</summary>
    public IReadOnlyList<string>? AllowedIpPools { get; init; }
}
