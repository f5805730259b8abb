namespace SendGateway.Server.Streams;

/// <summary><c>POST /v1/streams</c>: a stream of the tenant's own; settings left out take the defaults.</summary>
internal sealed record CreateStreamRequest(
    string? Id, string? Name, string? Kind, string? Unsubscribe = null, bool? TrackOpens = null, bool? TrackClicks = null, string? IpPool = null);
