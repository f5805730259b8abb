using Microsoft.Extensions.Options;
using StackExchange.Redis;
using SendGateway.Server.Storage;

namespace SendGateway.Server.Queue;

/// <summary>
/// The delivered journal's own Redis connection (reliability.md T87). A journal write is awaited before the outcome is
/// recorded, so it must not wait behind the process's other commands: once Redis stops answering the shared connection
/// for four of its timeouts, StackExchange.Redis gives it up and opens another, and every command made meanwhile waits
/// inside the client (a journal write there never reached Redis). Only journal writes go here, so nothing is outstanding
/// when one is made, and its timeouts are <see cref="QueueOptions.DeliveredJournalWriteTimeout"/>. Connected when the
/// journal is made (the delivery role's start), so the connection is ready before the first 250.
/// </summary>
internal sealed class JournalConnection(IConfiguration configuration, IOptions<StorageOptions> storage, IOptions<QueueOptions> options) : IDisposable
{
    private readonly Task<ConnectionMultiplexer> _connecting = ConnectAsync(configuration, storage.Value, options.Value);

    public async Task<IDatabase> DatabaseAsync(CancellationToken cancellationToken) => (await _connecting.WaitAsync(cancellationToken)).GetDatabase();

    private static Task<ConnectionMultiplexer> ConnectAsync(IConfiguration configuration, StorageOptions storage, QueueOptions options)
    {
        // AddStorage refuses to start without the connection string, so it is there.
        var redis = ConfigurationOptions.Parse(configuration.GetConnectionString("Redis")!);
        redis.AbortOnConnectFail = false;
        redis.ClientName = $"{redis.ClientName ?? "sendgateway"}-journal";
        var timeout = (int)Math.Ceiling(options.DeliveredJournalWriteTimeout.TotalMilliseconds);
        (redis.AsyncTimeout, redis.SyncTimeout) = (timeout, timeout);
        StoreTls.ApplyTo(redis, storage);
        return ConnectionMultiplexer.ConnectAsync(redis);
    }

    /// <summary>A connection still being made is closed once it is made.</summary>
    public void Dispose() => _connecting.ContinueWith(
        c => c.Result.Dispose(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
}
