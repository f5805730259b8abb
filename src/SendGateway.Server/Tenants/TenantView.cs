namespace SendGateway.Server.Tenants;

/// <summary>
/// A tenant as operators see it. Two of the ways to stop a tenant are here, apart: <c>suspended</c> (an operator's; new
/// mail is refused) and <c>paused</c> (the reputation guard's or an operator's; mail is accepted and held), with why and
/// since when; <c>reputation_warning</c> is a warning in effect that has not paused it.
/// </summary>
internal sealed record TenantView(
    string Id, string Name, bool Suspended, bool Paused, string? PausedReason, DateTime? PausedSince, string? ReputationWarning,
    DateTime CreatedAt, int? HourlyQuota, int? DailyQuota, string? DefaultIpPool, string[] AllowedIpPools)
{
    public static TenantView From(Tenant t) => new(
        t.Id, t.Name, t.Suspended, t.PausedAt is not null, t.PausedReason, t.PausedAt, t.ReputationWarning,
        t.CreatedAt, t.HourlyQuota, t.DailyQuota, t.DefaultIpPool, t.AllowedIpPools);
}
