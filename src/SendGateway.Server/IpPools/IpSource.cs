namespace SendGateway.Server.IpPools;

/// <summary>One sending address of a pool: bound on the outgoing socket, announced with its EHLO name; chosen by weight, within its warm-up allowance.</summary>
internal sealed record IpSource(string Address, string EhloName, int Weight = 1, WarmupPlan? Warmup = null);
