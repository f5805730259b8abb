namespace SendGateway.Server.Events;

internal sealed record StatsBucket(string? Key, IReadOnlyDictionary<string, long> Counts);
