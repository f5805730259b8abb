namespace SendGateway.Server.Streams;

/// <summary>
/// What a message's stream gives it at accept, the defaults filled in. <paramref name="ScopedSuppressions"/>: the tenant
/// uses the streams' defaults, so an unsubscribe suppresses for its stream's kind only (else for everything, as before streams).
/// </summary>
internal sealed record EffectiveStream(string Id, string Kind, string Unsubscribe, bool TrackOpens, bool TrackClicks, string? IpPool, bool ScopedSuppressions);
