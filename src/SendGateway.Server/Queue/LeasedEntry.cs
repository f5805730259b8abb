using StackExchange.Redis;

namespace SendGateway.Server.Queue;

/// <summary>
/// An entry read from a shard stream and pending for this consumer until completed. <c>Reclaimed</c>: taken over
/// from another consumer (XAUTOCLAIM), so an earlier attempt may already have been accepted by the MX.
/// </summary>
internal sealed record LeasedEntry(int Shard, RedisValue StreamId, QueueEntry Entry, bool Reclaimed = false);
