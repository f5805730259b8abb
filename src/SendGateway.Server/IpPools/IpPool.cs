namespace SendGateway.Server.IpPools;

public sealed record IpPool(string Name, IReadOnlyList<IpSource> Sources, DateTime CreatedAt, DateTime UpdatedAt);
