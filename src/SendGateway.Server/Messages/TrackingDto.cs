namespace SendGateway.Server.Messages;

internal sealed record TrackingDto(bool? Opens, bool? Clicks);
