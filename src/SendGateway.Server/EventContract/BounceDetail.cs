namespace SendGateway.Server.EventContract;

public sealed record BounceDetail(string Class);
