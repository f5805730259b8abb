using System.Globalization;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace SendGateway.Server.Queue;

/// <summary>
/// Refuses new work while Redis memory is above the high-water mark (architecture §2), reading
/// <c>used_memory</c> at most once a second so the accept path does not pay for INFO on every request. On a Redis
/// Cluster the fullest primary counts: the mark is per node, as each node's memory is its own.
/// </summary>
internal sealed class QueueBackpressure(IConnectionMultiplexer redis, IOptions<QueueOptions> options, TimeProvider time)
{
    private static readonly TimeSpan SampleEvery = TimeSpan.FromSeconds(1);

    /// <summary>
    /// INFO through a script: StackExchange.Redis sends INFO itself only with <c>allowAdmin=true</c> (it threw
    /// "admin mode is not enabled" on every sample), and a script that only reads runs on a full Redis too. EVAL_RO (Redis 7):
    /// a read-only script also runs while a primary pauses writes (<c>CLIENT PAUSE WRITE</c>, as a failover does), where
    /// EVAL would wait for the pause to end on every node.
    /// </summary>
    private const string InfoMemory = "return redis.call('INFO', 'memory')";
    private long _usedBytes;
    private long _sampledAtTicks; // 0 (year 1): never sampled. long.MinValue made now − it overflow, so memory was never read (T91)

    public async ValueTask<bool> IsOverHighWaterAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcTicks;
        if (now - Interlocked.Read(ref _sampledAtTicks) > SampleEvery.Ticks)
        {
            Interlocked.Exchange(ref _sampledAtTicks, now);
            cancellationToken.ThrowIfCancellationRequested();
            var primaries = redis.GetServers().Where(s => s.IsConnected && !s.IsReplica).ToList();
            var used = 0L;
            foreach (var server in primaries)
            {
                used = Math.Max(used, ParseUsedMemory((string?)await server.ExecuteAsync("EVAL_RO", InfoMemory, 0) ?? string.Empty));
            }

            Interlocked.Exchange(ref _usedBytes, used);
        }

        return Interlocked.Read(ref _usedBytes) > options.Value.HighWaterBytes;
    }

    internal static long ParseUsedMemory(string info)
    {
        foreach (var line in info.Split('\n'))
        {
            if (line.StartsWith("used_memory:", StringComparison.Ordinal)
                && long.TryParse(line.AsSpan("used_memory:".Length).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var used))
            {
                return used;
            }
        }

        return 0;
    }
}
