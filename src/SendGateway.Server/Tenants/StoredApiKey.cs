namespace SendGateway.Server.Tenants;

/// <summary>An API key row joined with its tenant's suspension flag.</summary>
internal sealed record StoredApiKey
{
    public string Id { get; init; } = string.Empty;

    public string TenantId { get; init; } = string.Empty;

    public byte[] SecretHash { get; init; } = [];

    public string[] Scopes { get; init; } = [];

    public bool Suspended { get; init; }

    /// <summary>Addresses or CIDRs the key may be used from; empty = any.</summary>
    public string[] AllowedIps { get; init; } = [];

    /// <summary>The role the key carries at most (<see cref="TenantRoles"/>).</summary>
    public string Role { get; init; } = string.Empty;
}
