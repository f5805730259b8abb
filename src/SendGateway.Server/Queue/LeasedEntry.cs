using StackExchange.Redis;

namespace SendGateway.Server.Queue;

/// <summary>An entry read from a shard stream and pending for this consumer until completed.</summary>
public sealed record LeasedEntry(int Shard, RedisValue StreamId, QueueEntry Entry);
