using SendGateway.Server.EventContract;
using StackExchange.Redis;

namespace SendGateway.Server.Queue;

/// <summary>
/// Entries read from one shard's event stream, decoded: the events and their entry ids (to acknowledge once stored), in
/// stream order, and the ids of the entries that hold no readable event (for the dead letters).
/// </summary>
internal sealed record EventStreamBatch(int Shard, EventRecord[] Events, RedisValue[] Ids, RedisValue[] Undecodable)
{
    /// <summary>How many entries were read, decodable or not.</summary>
    public int Count => Events.Length + Undecodable.Length;
}
