namespace SendGateway.Server.Tenants;

public sealed record Tenant
{
    public string Id { get; init; } = string.Empty;

    public string Name { get; init; } = string.Empty;

    public bool Suspended { get; init; }

    public DateTime CreatedAt { get; init; }
}
