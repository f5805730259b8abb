using System.Net;
using Microsoft.Extensions.Options;
using SendGateway.Server.Storage;
using StackExchange.Redis;

namespace SendGateway.Server.Queue;

/// <summary>
/// <c>SendGateway:Queue:MinReplicasToAck</c>: the accept path's enqueue runs on connections of its own, and after the
/// enqueue script <c>WAIT n timeout</c> on the same connection, to each primary that took a write (on a Redis Cluster the
/// node of each shard's slot). WAIT blocks the connection it runs on, so it never runs on the process's shared one (where
/// it would stall every other command); <see cref="QueueOptions.ReplicaAckConnections"/> connections are used in turn so
/// one slow WAIT holds up only the enqueues behind it on its connection. Fewer replicas within the timeout:
/// <see cref="ReplicaAckException"/>, which the fronts answer as a temporary failure (503, 451 4.3.0).
/// </summary>
internal sealed class ReplicaAck(IConfiguration configuration, IOptions<StorageOptions> storage, IOptions<QueueOptions> options) : IDisposable
{
    private readonly Lock _gate = new();
    private Task<ConnectionMultiplexer>[]? _connections;
    private int _next;

    public bool Enabled => options.Value.MinReplicasToAck > 0;

    /// <summary>The next of the dedicated connections (made on first use).</summary>
    public async Task<ConnectionMultiplexer> NextAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _connections ??= [.. Enumerable.Range(0, options.Value.ReplicaAckConnections).Select(i => ConnectAsync(i))];
        }

        var index = (int)((uint)Interlocked.Increment(ref _next) % (uint)_connections.Length);
        return await _connections[index].WaitAsync(cancellationToken);
    }

    /// <summary>WAIT on <paramref name="redis"/> at the primary of each of <paramref name="written"/> (one per node); throws when one falls short.</summary>
    public async Task WaitAsync(ConnectionMultiplexer redis, IEnumerable<RedisKey> written, CancellationToken cancellationToken)
    {
        var (wanted, timeout) = (options.Value.MinReplicasToAck, (long)options.Value.ReplicaAckTimeout.TotalMilliseconds);
        var db = redis.GetDatabase();
        var primaries = new HashSet<EndPoint>();
        foreach (var key in written)
        {
            cancellationToken.ThrowIfCancellationRequested();
            primaries.Add((await db.IdentifyEndpointAsync(key, CommandFlags.DemandMaster))!);
        }

        var acked = await Task.WhenAll(primaries.Select(p => redis.GetServer(p).ExecuteAsync("WAIT", wanted, timeout)));
        if (acked.Select(a => (long)a).Min() is var fewest && fewest < wanted)
        {
            throw new ReplicaAckException(wanted, fewest, options.Value.ReplicaAckTimeout);
        }
    }

    private Task<ConnectionMultiplexer> ConnectAsync(int index)
    {
        // AddStorage refuses to start without the connection string, so it is there.
        var redis = ConfigurationOptions.Parse(configuration.GetConnectionString("Redis")!);
        redis.AbortOnConnectFail = false;
        redis.ClientName = $"{redis.ClientName ?? "sendgateway"}-ack{index}";
        var timeout = (int)Math.Ceiling(options.Value.ReplicaAckTimeout.TotalMilliseconds) + redis.AsyncTimeout; // the WAIT's own time on top
        (redis.AsyncTimeout, redis.SyncTimeout) = (timeout, timeout);
        StoreTls.ApplyTo(redis, storage.Value);
        return ConnectionMultiplexer.ConnectAsync(redis);
    }

    public void Dispose()
    {
        foreach (var connecting in _connections ?? [])
        {
            connecting.ContinueWith(
                c => c.Result.Dispose(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }
}
