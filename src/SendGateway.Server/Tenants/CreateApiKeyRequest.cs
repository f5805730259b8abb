namespace SendGateway.Server.Tenants;

/// <summary>Body of <c>POST /v1/api-keys</c>: <c>scopes</c> defaults to all three, <c>allowed_ips</c> (addresses or CIDRs) to any source.</summary>
public sealed record CreateApiKeyRequest(string? Name, string[]? Scopes, string[]? AllowedIps);
