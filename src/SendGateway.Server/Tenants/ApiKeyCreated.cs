namespace SendGateway.Server.Tenants;

/// <summary>The 201 of <c>POST /v1/api-keys</c>: the key itself is shown only here; its role ceiling and who made it.</summary>
internal sealed record ApiKeyCreated(string Id, string Name, string[] Scopes, string[] AllowedIps, string Key, DateTime CreatedAt, string Role, string? CreatedBy);
