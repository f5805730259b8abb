namespace SendGateway.Server.Tenants;

public sealed record Tenant
{
    public string Id { get; init; } = string.Empty;

    public string Name { get; init; } = string.Empty;

    public bool Suspended { get; init; }

    public DateTime CreatedAt { get; init; }

    /// <summary>Recipients the tenant may have accepted per clock hour; null = unlimited.</summary>
    public int? HourlyQuota { get; init; }

    /// <summary>Recipients the tenant may have accepted per UTC day; null = unlimited.</summary>
    public int? DailyQuota { get; init; }
}
