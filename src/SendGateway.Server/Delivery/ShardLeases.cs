using Microsoft.Extensions.Options;
using SendGateway.Server.Queue;
using StackExchange.Redis;

namespace SendGateway.Server.Delivery;

/// <summary>
/// Which shards this worker delivers (architecture §3): a shard is leased by one worker at a time (<c>sg:lease:{sN}</c>,
/// SET NX with a TTL, renewed by heartbeat). Live workers announce themselves in <c>sg:workers</c>; each takes at most
/// its fair share and hands back the rest, so a second worker gets shards within one lease time, and the shards of a
/// worker that stops renewing are taken over when its leases expire.
/// </summary>
internal sealed class ShardLeases(IConnectionMultiplexer redis, OutboundQueue queue, IOptions<DeliveryOptions> options, TimeProvider time)
{
    private const string Renew = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end";
    private const string Release = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";
    private readonly HashSet<int> _owned = [];
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
        await db.SortedSetAddAsync(WorkersKey, consumer, now + lease);
        await db.SortedSetRemoveRangeByScoreAsync(WorkersKey, double.NegativeInfinity, now);
        var workers = Math.Max(1, await db.SortedSetLengthAsync(WorkersKey));
        var fairShare = (int)Math.Ceiling(queue.Shards / (double)workers);

        foreach (var shard in _owned.ToList())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if ((int)await db.ScriptEvaluateAsync(Renew, [LeaseKey(shard)], [consumer, lease]) == 0)
            {
                _owned.Remove(shard); // lost it (we stalled past the TTL): another worker owns it now
            }
        }

        while (_owned.Count > fairShare)
        {
            var extra = _owned.Max();
            await db.ScriptEvaluateAsync(Release, [LeaseKey(extra)], [consumer]);
            _owned.Remove(extra);
        }

        for (var shard = 0; shard < queue.Shards && _owned.Count < fairShare; shard++)
        {
            if (!_owned.Contains(shard) && await db.StringSetAsync(LeaseKey(shard), consumer, TimeSpan.FromMilliseconds(lease), When.NotExists))
            {
                _owned.Add(shard);
            }
        }

        return true;
    }

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

        await db.SortedSetRemoveAsync(WorkersKey, consumer);
        _owned.Clear();
    }
}
