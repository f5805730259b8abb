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

    /// <summary>When the tenant was paused (reputation guard or operator): its mail is accepted and held; null = not paused.</summary>
    public DateTime? PausedAt { get; init; }

    /// <summary>Why it is paused: the rate that crossed its pause line, or <c>operator</c>.</summary>
    public string? PausedReason { get; init; }

    /// <summary>The reputation warning in effect (a rate over its warn line); null when the rates are under them.</summary>
    public string? ReputationWarning { get; init; }

    public DateTime? ReputationWarnedAt { get; init; }

    /// <summary>The tenant's own reputation lines (null: the <c>SendGateway:Reputation</c> option).</summary>
    public double? WarnComplaintRate { get; init; }

    public double? PauseComplaintRate { get; init; }

    public double? WarnHardBounceRate { get; init; }

    public double? PauseHardBounceRate { get; init; }
}
