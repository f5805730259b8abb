namespace SendGateway.Server.IpPools;

internal sealed record IpPool(string Name, IReadOnlyList<IpSource> Sources, DateTime CreatedAt, DateTime UpdatedAt);
