namespace SendGateway.Server.Queue;

public sealed record BounceDetail(string Class);
