namespace SendGateway.Server.Streams;

/// <summary>The answer of <c>GET /v1/streams</c> (a handful per tenant, bounded by <see cref="StreamsOptions.MaxPerTenant"/>: not paged).</summary>
internal sealed record StreamList(IReadOnlyList<MessageStream> Data);
