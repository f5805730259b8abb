namespace SendGateway.Server.Tenants;

internal sealed record Tenant
{
    public string Id { get; init; } = string.Empty;

    public string Name { get; init; } = string.Empty;

    public bool Suspended { get; init; }

    public DateTime CreatedAt { get; init; }

    /// <summary>Recipients the tenant may have accepted per clock hour; null = unlimited.</summary>
    public int? HourlyQuota { get; init; }

    /// <summary>Recipients the tenant may have accepted per UTC day; null = unlimited.</summary>
    public int? DailyQuota { get; init; }

    /// <summary>The pool the tenant's mail leaves from unless a message names another allowed one; null = the host's default route.</summary>
    public string? DefaultIpPool { get; init; }

    public string[] AllowedIpPools { get; init; } = [];
}
