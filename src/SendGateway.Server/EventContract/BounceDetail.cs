namespace SendGateway.Server.EventContract;

internal sealed record BounceDetail(string Class);
