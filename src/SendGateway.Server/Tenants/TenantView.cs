namespace SendGateway.Server.Tenants;

/// <summary>A tenant as operators see it.</summary>
internal sealed record TenantView(string Id, string Name, bool Suspended, DateTime CreatedAt, int? HourlyQuota, int? DailyQuota, string? DefaultIpPool, string[] AllowedIpPools)
{
    public static TenantView From(Tenant t) => new(t.Id, t.Name, t.Suspended, t.CreatedAt, t.HourlyQuota, t.DailyQuota, t.DefaultIpPool, t.AllowedIpPools);
}
