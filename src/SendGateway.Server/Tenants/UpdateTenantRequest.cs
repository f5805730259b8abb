namespace SendGateway.Server.Tenants;

/// <summary><c>PATCH /v1/admin/tenants/{id}</c>; fields left out keep their value; <c>default_ip_pool: ""</c> clears the default pool.</summary>
internal sealed record UpdateTenantRequest(bool? Suspended, int? HourlyQuota, int? DailyQuota, string? DefaultIpPool, string[]? AllowedIpPools);
