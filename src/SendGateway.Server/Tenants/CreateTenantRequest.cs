namespace SendGateway.Server.Tenants;

/// <summary><c>POST /v1/admin/tenants</c>.</summary>
public sealed record CreateTenantRequest(string? Name);
