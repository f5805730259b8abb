using System.Globalization;
using StackExchange.Redis;

namespace SendGateway.IntegrationTests.Infrastructure;

/// <summary>
/// The one way fault tests break a real store (reliability.md, "How it is tested"): a private redis-server and/or
/// PostgreSQL cluster of the test's own, which <see cref="BreakAsync"/> kills, freezes (SIGSTOP), fills to
/// <c>maxmemory</c> or runs out of disk, and <see cref="RepairAsync"/> brings back on the same data. A store left broken
/// is repaired before it is disposed, so a failed test leaves no frozen process behind.
/// </summary>
public sealed class StoreFaults : IAsyncDisposable
{
    /// <summary>Short timeouts, so a request that meets the fault is answered within seconds.</summary>
    public const string FastRedisOptions = "connectTimeout=1000,syncTimeout=2000,asyncTimeout=2000";

    private const string FillerKey = "storefaults:filler";
    private readonly RedisProcess? _redis;
    private readonly PostgresProcess? _postgres;
    private readonly Dictionary<StoreKind, StoreFault> _broken = [];

    private StoreFaults(RedisProcess? redis, PostgresProcess? postgres) => (_redis, _postgres) = (redis, postgres);

    public RedisProcess Redis => _redis ?? throw new InvalidOperationException("These store faults run no Redis.");

    public PostgresProcess Postgres => _postgres ?? throw new InvalidOperationException("These store faults run no PostgreSQL.");

    /// <summary>Starts the stores asked for (Redis with <c>noeviction</c>, so a full Redis refuses instead of evicting).</summary>
    public static async Task<StoreFaults> StartAsync(bool redis = true, bool postgres = false)
    {
        var faults = new StoreFaults(redis ? new RedisProcess("--maxmemory-policy", "noeviction") : null, postgres ? new PostgresProcess() : null);
        if (faults._redis is { } r)
        {
            await r.StartAsync();
        }

        if (faults._postgres is { } p)
        {
            await p.StartAsync();
        }

        return faults;
    }

    /// <summary>The connection string to the test's Redis (database 0), with <paramref name="options"/> after the endpoint.</summary>
    public string RedisConnectionString(string options = FastRedisOptions) => $"127.0.0.1:{Redis.Port},{options}";

    /// <summary>The <c>ConnectionStrings:*</c> settings of the stores this runs, for <see cref="SendGatewayFactory"/>; others stay the suite's.</summary>
    public Dictionary<string, string?> Settings(string redisOptions = FastRedisOptions)
    {
        var settings = new Dictionary<string, string?>();
        if (_redis is not null)
        {
            settings["ConnectionStrings:Redis"] = RedisConnectionString(redisOptions);
        }

        if (_postgres is not null)
        {
            settings["ConnectionStrings:Postgres"] = _postgres.ConnectionString;
        }

        return settings;
    }

    /// <summary>An admin connection straight to the test's Redis (CONFIG, INFO, reading the streams).</summary>
    public async Task<ConnectionMultiplexer> ConnectRedisAsync() => await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{Redis.Port},allowAdmin=true");

    /// <summary>
    /// Makes the fault. <paramref name="fillerBytes"/> (only with <see cref="StoreFault.Fill"/>) first writes a value of that
    /// size, so <c>used_memory</c> also passes a high-water mark below it before <c>maxmemory</c> is set under it.
    /// </summary>
    public async Task BreakAsync(StoreKind store, StoreFault fault, long fillerBytes = 0)
    {
        if (_broken.TryGetValue(store, out var current))
        {
            throw new InvalidOperationException($"{store} is already broken ({current}).");
        }

        _broken[store] = fault;
        switch (store, fault)
        {
            case (StoreKind.Redis, StoreFault.Kill):
                await Redis.StopAsync();
                break;
            case (StoreKind.Redis, StoreFault.Freeze):
                await SignalAsync("-STOP", [Redis.ProcessId]);
                break;
            case (StoreKind.Redis, StoreFault.Fill):
                await FillRedisAsync(fillerBytes);
                break;
            case (StoreKind.Redis, StoreFault.DiskFull):
                var size = Directory.GetFiles(Path.Combine(Redis.DataDirectory, "appendonlydir")).Max(f => new FileInfo(f).Length);
                await ProcessRunner.RunAsync("prlimit", ["--pid", Redis.ProcessId.ToString(CultureInfo.InvariantCulture), $"--fsize={size}:{size}"], CancellationToken.None);
                break;
            case (StoreKind.Postgres, StoreFault.Kill):
                await Postgres.StopAsync();
                break;
            case (StoreKind.Postgres, StoreFault.Freeze):
                await SignalAsync("-STOP", await Postgres.ProcessIdsAsync()); // the postmaster first: it forks no new backend while the rest stop
                break;
            default:
                _broken.Remove(store);
                throw new NotSupportedException($"{fault} is not a fault of {store}.");
        }
    }

    /// <summary>Undoes the fault made last: starts a killed store again on its data, thaws a frozen one, frees memory or disk.</summary>
    public async Task RepairAsync(StoreKind store)
    {
        if (!_broken.Remove(store, out var fault))
        {
            return;
        }

        switch (store, fault)
        {
            case (StoreKind.Redis, StoreFault.Kill):
                await Redis.StartAsync();
                break;
            case (StoreKind.Redis, StoreFault.Freeze):
                await SignalAsync("-CONT", [Redis.ProcessId]);
                break;
            case (StoreKind.Redis, StoreFault.Fill):
                using (var admin = await ConnectRedisAsync())
                {
                    await admin.GetServer($"127.0.0.1:{Redis.Port}").ConfigSetAsync("maxmemory", "0");
                    await admin.GetDatabase(0).KeyDeleteAsync(FillerKey);
                }

                break;
            case (StoreKind.Redis, StoreFault.DiskFull):
                if (Redis.HasExited)
                {
                    await Redis.StopAsync();
                    await Redis.StartAsync(); // a new process: no size limit; the append-only file's torn tail is dropped as it loads
                }
                else
                {
                    await ProcessRunner.RunAsync("prlimit", ["--pid", Redis.ProcessId.ToString(CultureInfo.InvariantCulture), "--fsize=unlimited:unlimited"], CancellationToken.None);
                }

                break;
            case (StoreKind.Postgres, StoreFault.Kill):
                await Postgres.StartAsync();
                break;
            case (StoreKind.Postgres, StoreFault.Freeze):
                await SignalAsync("-CONT", Enumerable.Reverse(await Postgres.ProcessIdsAsync()).ToArray());
                break;
        }
    }

    /// <summary>
    /// A restart rather than a crash: Redis is killed and started again on its append-only file; PostgreSQL is restarted
    /// with <c>-m fast</c>, so every session is ended (57P01) and the server is back when this returns.
    /// </summary>
    public async Task RestartAsync(StoreKind store)
    {
        if (store == StoreKind.Redis)
        {
            await Redis.StopAsync();
            await Redis.StartAsync();
        }
        else
        {
            await Postgres.RestartAsync();
        }
    }

    /// <summary>The fault as a step, for flows that take the break and the repair as delegates.</summary>
    public Func<Task> Breaking(StoreKind store, StoreFault fault) => () => BreakAsync(store, fault);

    /// <summary>The repair as a step.</summary>
    public Func<Task> Repairing(StoreKind store) => () => RepairAsync(store);

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _broken.Keys.ToList())
        {
            await RepairAsync(store);
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }

        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }

    private async Task FillRedisAsync(long fillerBytes)
    {
        using var admin = await ConnectRedisAsync();
        var server = admin.GetServer($"127.0.0.1:{Redis.Port}");
        if (fillerBytes > 0)
        {
            await admin.GetDatabase(0).StringSetAsync(FillerKey, new byte[fillerBytes]);
        }

        var used = long.Parse((await server.InfoAsync("memory")).SelectMany(g => g).First(p => p.Key == "used_memory").Value, CultureInfo.InvariantCulture);
        await server.ConfigSetAsync("maxmemory", (used / 2).ToString(CultureInfo.InvariantCulture));
    }

    private static async Task SignalAsync(string signal, int[] processIds) =>
        await ProcessRunner.RunAsync("kill", [signal, .. processIds.Select(p => p.ToString(CultureInfo.InvariantCulture))], CancellationToken.None);
}
