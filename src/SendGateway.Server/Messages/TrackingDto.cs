namespace SendGateway.Server.Messages;

public sealed record TrackingDto(bool? Opens, bool? Clicks);
