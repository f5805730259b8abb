namespace SendGateway.Server.Events;

public sealed record StatsBucket(string? Key, IReadOnlyDictionary<string, long> Counts);
