namespace SendGateway.Server.Tenants;

/// <summary><c>POST /v1/admin/tenants</c>: <c>api_key_role</c> is the first key's role ceiling (owner when left out).</summary>
internal sealed record CreateTenantRequest(string? Name, string? ApiKeyRole = null);
