namespace SendGateway.Server.Events;

/// <summary><c>GET /v1/stats</c>: counts per event type, in one bucket or per day, tag or recipient domain.</summary>
internal sealed record StatsView(DateTimeOffset Since, DateTimeOffset Until, string? GroupBy, IReadOnlyList<StatsBucket> Data);
