namespace SendGateway.Server.Tenants;

/// <summary>A new tenant and its first API key (shown only here) with the key's role ceiling.</summary>
internal sealed record TenantCreated(string Id, string Name, string ApiKey, DateTime CreatedAt, string ApiKeyRole);
