namespace SendGateway.Client;

/// <summary>The API's <c>UpdateTenantRequest</c> object.</summary>
public sealed record UpdateTenantRequest
{
    /// <summary>JSON <c>suspended</c>.</summary>
    public bool? Suspended { get; init; }

    /// <summary>JSON <c>hourly_quota</c>.</summary>
    public int? HourlyQuota { get; init; }

    /// <summary>JSON <c>daily_quota</c>.</summary>
    public int? DailyQuota { get; init; }

    /// <summary>JSON <c>default_ip_pool</c>.</summary>
    public string? DefaultIpPool { get; init; }

    /// <summary>JSON <c>allowed_ip_pools</c>.</summary>
    public List<string>? AllowedIpPools { get; init; }
}
