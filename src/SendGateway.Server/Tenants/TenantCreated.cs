namespace SendGateway.Server.Tenants;

/// <summary>A new tenant and its first API key (shown only here).</summary>
public sealed record TenantCreated(string Id, string Name, string ApiKey, DateTime CreatedAt);
