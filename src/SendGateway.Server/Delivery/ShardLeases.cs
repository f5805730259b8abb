using Microsoft.Extensions.Options;
using SendGateway.Server.Queue;
using StackExchange.Redis;

namespace SendGateway.Server.Delivery;

/// <summary>
/// Which shards this worker delivers (architecture §3): a shard is leased by one worker at a time (<c>sg:lease:{sN}</c>,
/// SET NX with a TTL, renewed by heartbeat). Live workers announce themselves in <c>sg:workers</c> and in the lanes they
/// serve (<see cref="PoolPlacement"/>); in each lane a worker takes at most its fair share and hands back the rest, so a
/// second worker gets shards within one lease time, the shards of a worker that stops renewing are taken over when its
/// leases expire, and a pool's shards only ever go to workers with the pool's addresses.
/// </summary>
internal sealed class ShardLeases(
    IConnectionMultiplexer redis, OutboundQueue queue, PoolPlacement placement, HeldEntries held, IOptions<DeliveryOptions> options, TimeProvider time)
{
    private const string Renew = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end";
    private const string Release = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";
    private readonly HashSet<int> _owned = [];
    private IReadOnlyList<ServedLane> _lanes = [];
    private long _nextRefresh;

    public static string LeaseKey(int shard) => $"sg:lease:{{s{shard}}}";

    public const string WorkersKey = "sg:workers";

    public IReadOnlyCollection<int> Owned => _owned;

    /// <summary>Renews, takes or hands back leases when due (every third of the lease time); false when it was not due.</summary>
    public async Task<bool> RefreshAsync(string consumer, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        if (now < _nextRefresh)
        {
            return false;
        }

        var lease = (long)options.Value.ShardLeaseTime.TotalMilliseconds;
        _nextRefresh = now + (lease / 3);
        var db = redis.GetDatabase();
        var lanes = await placement.LanesAsync(cancellationToken);
        var workers = await AnnounceAsync(db, consumer, lanes, now, now + lease);
        foreach (var shard in _owned.ToList())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!workers.ContainsKey(queue.LaneOf(shard)))
            {
                await db.ScriptEvaluateAsync(Release, [LeaseKey(shard)], [consumer]); // a lane no longer served here (a stand-in's pool is back)
                _owned.Remove(shard);
            }
            else if ((int)await db.ScriptEvaluateAsync(Renew, [LeaseKey(shard)], [consumer, lease]) == 0)
            {
                _owned.Remove(shard); // lost it (we stalled past the TTL): another worker owns it now
            }
        }

        foreach (var (lane, count) in workers)
        {
            var first = lane * queue.LaneShards;
            var fairShare = (int)Math.Ceiling(queue.LaneShards / (double)Math.Max(1, count));
            var mine = _owned.Where(s => queue.LaneOf(s) == lane).ToList();
            for (var extra = mine.Count - fairShare; extra > 0; extra--)
            {
                var shard = mine.Max();
                await db.ScriptEvaluateAsync(Release, [LeaseKey(shard)], [consumer]);
                _owned.Remove(shard);
                mine.Remove(shard);
            }

            for (var shard = first; shard < first + queue.LaneShards && mine.Count < fairShare; shard++)
            {
                if (!_owned.Contains(shard) && await db.StringSetAsync(LeaseKey(shard), consumer, TimeSpan.FromMilliseconds(lease), When.NotExists))
                {
                    _owned.Add(shard);
                    mine.Add(shard);
                }
            }
        }

        foreach (var lane in lanes.Where(l => l is { Pool: { } pool, StandIn: false } && !_lanes.Contains(l)))
        {
            // This node now has the pool: mail held for want of its addresses is due at once.
            await held.ReleaseAsync(HoldReasons.PoolKey(lane.Pool!), cancellationToken);
        }

        _lanes = lanes;
        return true;
    }

    /// <summary>Announces this worker overall and in each lane it serves (and withdraws it from lanes it left); lane → live workers there.</summary>
    private async Task<Dictionary<int, long>> AnnounceAsync(IDatabase db, string consumer, IReadOnlyList<ServedLane> lanes, long now, long until)
    {
        await db.SortedSetAddAsync(WorkersKey, consumer, until);
        await db.SortedSetRemoveRangeByScoreAsync(WorkersKey, double.NegativeInfinity, now);
        var workers = new Dictionary<int, long> { [0] = await db.SortedSetLengthAsync(WorkersKey) };
        foreach (var left in _lanes.Where(l => l.Lane > 0 && !lanes.Contains(l)))
        {
            await db.SortedSetRemoveAsync(KeyOf(left), consumer);
        }

        foreach (var lane in lanes.Where(l => l.Lane > 0))
        {
            await db.SortedSetAddAsync(KeyOf(lane), consumer, until);
            await db.SortedSetRemoveRangeByScoreAsync(KeyOf(lane), double.NegativeInfinity, now);
            workers[lane.Lane] = await db.SortedSetLengthAsync(KeyOf(lane));
        }

        return workers;
    }

    private static string KeyOf(ServedLane lane) => lane.StandIn ? QueueKeys.LaneStandIns(lane.Lane) : QueueKeys.LaneWorkers(lane.Lane);

    /// <summary>Consumers that announced themselves within the lease time.</summary>
    public async Task<HashSet<string>> LiveWorkersAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var live = await redis.GetDatabase().SortedSetRangeByScoreAsync(WorkersKey, now, double.PositiveInfinity);
        return live.Select(v => (string)v!).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Hands every lease back (graceful stop), so another worker takes the shards at once.</summary>
    public async Task ReleaseAllAsync(string consumer)
    {
        var db = redis.GetDatabase();
        foreach (var shard in _owned)
        {
            await db.ScriptEvaluateAsync(Release, [LeaseKey(shard)], [consumer]);
        }

        foreach (var lane in _lanes.Where(l => l.Lane > 0))
        {
            await db.SortedSetRemoveAsync(KeyOf(lane), consumer);
        }

        await db.SortedSetRemoveAsync(WorkersKey, consumer);
        _owned.Clear();
    }
}
