namespace SendGateway.Server.Tenants;

/// <summary>
/// Body of <c>POST /v1/api-keys</c>: <c>scopes</c> defaults to all three (a key made by a key: to the maker's),
/// <c>allowed_ips</c> (addresses or CIDRs) to any source, <c>role</c> (the key's ceiling: owner, admin, developer,
/// viewer) to the maker's, and never above it.
/// </summary>
internal sealed record CreateApiKeyRequest(string? Name, string[]? Scopes, string[]? AllowedIps, string? Role = null);
