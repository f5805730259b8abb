using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace SendGateway.Server.Queue;

/// <summary>
/// The queue's lanes (<see cref="QueueOptions.PoolLanes"/>): lane 0 carries the host's default route, and each IP pool
/// gets a lane of its own on first use (<see cref="QueueKeys.PoolLanes"/>, kept for good), so a pool's mail waits on
/// shards that only delivery nodes holding its addresses lease. Nodes serving a lane announce themselves in
/// <see cref="QueueKeys.LaneWorkers"/> until their lease time runs out.
/// </summary>
internal sealed class PoolLanes(IConnectionMultiplexer redis, IOptions<QueueOptions> options, TimeProvider time)
{
    // KEYS lanes hash. ARGV pool, lanes. The pool's lane, given the lowest free one if it has none; 0 when all are taken.
    private const string Assign = """
        local lane = redis.call('HGET', KEYS[1], ARGV[1])
        if lane then return tonumber(lane) end
        local used = {}
        for _, v in ipairs(redis.call('HVALS', KEYS[1])) do used[tonumber(v)] = true end
        for i = 1, tonumber(ARGV[2]) do
          if not used[i] then redis.call('HSET', KEYS[1], ARGV[1], i) return i end
        end
        return 0
        """;

    private readonly ConcurrentDictionary<string, int> _assigned = new(StringComparer.Ordinal);
    private (long At, IReadOnlyDictionary<int, string> Pools) _pools = (0, new Dictionary<int, string>());

    /// <summary>Whether pools have lanes of their own (else all mail shares lane 0).</summary>
    public bool Enabled => options.Value.PoolLanes > 0;

    /// <summary>The lane of a pool's mail (null: the default route, lane 0). A lane once given stays the pool's.</summary>
    public async ValueTask<int> LaneOfAsync(string? pool, CancellationToken cancellationToken)
    {
        if (pool is null || !Enabled)
        {
            return 0;
        }

        if (_assigned.TryGetValue(pool, out var lane))
        {
            return lane;
        }

        cancellationToken.ThrowIfCancellationRequested();
        lane = (int)await redis.GetDatabase().ScriptEvaluateAsync(Assign, [QueueKeys.PoolLanes], [pool, options.Value.PoolLanes]);
        if (lane > 0)
        {
            _assigned.TryAdd(pool, lane); // 0 (all lanes taken) is asked again: an operator may raise PoolLanes
        }

        return lane;
    }

    /// <summary>Lane → pool of every pool lane given so far (read at most once a second).</summary>
    public async Task<IReadOnlyDictionary<int, string>> PoolsAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        if (!Enabled || now - _pools.At < 1000)
        {
            return _pools.Pools;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var entries = await redis.GetDatabase().HashGetAllAsync(QueueKeys.PoolLanes);
        var pools = new Dictionary<int, string>();
        foreach (var e in entries)
        {
            if (int.TryParse((string?)e.Value, out var lane) && lane >= 1 && lane <= options.Value.PoolLanes)
            {
                pools[lane] = (string)e.Name!;
            }
        }

        _pools = (now, pools);
        return pools;
    }

    /// <summary>Pool lanes no live node holds the pool of (their mail waits: <see cref="HoldReasons.NoSourceAvailable"/>).</summary>
    public async Task<IReadOnlySet<int>> UnservedAsync(CancellationToken cancellationToken)
    {
        var unserved = new HashSet<int>();
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var lane in (await PoolsAsync(cancellationToken)).Keys)
        {
            if (await redis.GetDatabase().SortedSetLengthAsync(QueueKeys.LaneWorkers(lane), now, double.PositiveInfinity) == 0)
            {
                unserved.Add(lane);
            }
        }

        return unserved;
    }
}
