namespace SendGateway.Server.Streams;

/// <summary>
/// <c>PATCH /v1/streams/{id}</c>: fields left out keep their value. <c>unsubscribe: "default"</c>, <c>ip_pool: ""</c> and
/// <c>tracking_default: true</c> go back to the defaults. The kind of a stream is fixed when it is made.
/// </summary>
internal sealed record UpdateStreamRequest(
    string? Name = null, string? Unsubscribe = null, bool? TrackOpens = null, bool? TrackClicks = null, bool? TrackingDefault = null, string? IpPool = null);
