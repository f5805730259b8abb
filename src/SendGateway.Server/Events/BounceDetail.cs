namespace SendGateway.Server.Events;

public sealed record BounceDetail(string Class);
