using Dapper;
using Npgsql;
using SendGateway.IntegrationTests.Infrastructure;
using StackExchange.Redis;

namespace SendGateway.IntegrationTests.Faults;

/// <summary>
/// The <see cref="StoreFaults"/> fixture does what it says to the real stores: each fault is seen by a client of the
/// store, and each repair brings the store back with what was written before it.
/// </summary>
[TestFixture]
public sealed class StoreFaultsTests
{
    [Test]
    public async Task EachRedisFaultIsSeenByAClientAndItsRepairKeepsTheData()
    {
        await using var stores = await StoreFaults.StartAsync();
        using var redis = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{stores.Redis.Port},connectTimeout=1000,syncTimeout=1000,asyncTimeout=1000,abortConnect=false");
        var db = redis.GetDatabase();
        await db.StringSetAsync("kept", "before");

        await stores.BreakAsync(StoreKind.Redis, StoreFault.Kill);
        Assert.That(stores.Redis.HasExited, Is.True);
        await stores.RepairAsync(StoreKind.Redis);
        Assert.That((string?)await Polling.UntilAsync(() => TryGetAsync(db), v => v is not null, TimeSpan.FromSeconds(30)), Is.EqualTo("before"), "started again on its append-only file");

        await stores.BreakAsync(StoreKind.Redis, StoreFault.Freeze);
        Assert.That(async () => await db.PingAsync(), Throws.InstanceOf<RedisTimeoutException>(), "frozen: nothing answers");
        await stores.RepairAsync(StoreKind.Redis);
        Assert.That((string?)await Polling.UntilAsync(() => TryGetAsync(db), v => v is not null, TimeSpan.FromSeconds(30)), Is.EqualTo("before"));

        await stores.BreakAsync(StoreKind.Redis, StoreFault.Fill);
        Assert.That(async () => await db.StringSetAsync("more", new string('x', 1000)), Throws.InstanceOf<RedisServerException>().With.Message.Contains("OOM"));
        Assert.That((string?)await db.StringGetAsync("kept"), Is.EqualTo("before"), "reads go on");
        await stores.RepairAsync(StoreKind.Redis);
        Assert.That(await db.StringSetAsync("more", "x"), Is.True);

        await stores.BreakAsync(StoreKind.Redis, StoreFault.DiskFull);
        Assert.That(async () => await db.StringSetAsync("lost", new string('x', 4096)), Throws.Exception, "the write it cannot log is not acknowledged");
        Assert.That(await Polling.UntilAsync(() => Task.FromResult(stores.Redis.HasExited), e => e, TimeSpan.FromSeconds(30)), Is.True, "appendfsync always: Redis ends");
        await stores.RepairAsync(StoreKind.Redis);
        Assert.That((string?)await Polling.UntilAsync(() => TryGetAsync(db), v => v is not null, TimeSpan.FromSeconds(30)), Is.EqualTo("before"), "the file loads");
        Assert.That(await db.KeyExistsAsync("lost"), Is.False);
    }

    [Test]
    public async Task EachPostgresFaultIsSeenByAClientAndItsRepairKeepsTheData()
    {
        await using var stores = await StoreFaults.StartAsync(redis: false, postgres: true);
        var quick = stores.Postgres.ConnectionString.Replace("Command Timeout=10", "Command Timeout=2", StringComparison.Ordinal);
        await using (var db = new NpgsqlConnection(quick))
        {
            await db.ExecuteAsync("CREATE TABLE kept (v text); INSERT INTO kept VALUES ('before')");
        }

        await stores.BreakAsync(StoreKind.Postgres, StoreFault.Kill);
        Assert.That(async () => await ReadAsync(quick), Throws.InstanceOf<NpgsqlException>(), "killed: no connection");
        await stores.RepairAsync(StoreKind.Postgres);
        NpgsqlConnection.ClearAllPools();
        await using (var db = new NpgsqlConnection(quick))
        {
            Assert.That(await db.ExecuteScalarAsync<string>("SELECT v FROM kept"), Is.EqualTo("before"), "recovered from its WAL");
        }

        await using (var held = new NpgsqlConnection(quick))
        {
            await held.OpenAsync();
            await stores.BreakAsync(StoreKind.Postgres, StoreFault.Freeze);
            Assert.That(async () => await held.ExecuteScalarAsync<string>("SELECT v FROM kept"), Throws.Exception, "frozen: the statement times out");
            await stores.RepairAsync(StoreKind.Postgres);
        }

        NpgsqlConnection.ClearAllPools();
        await using (var db = new NpgsqlConnection(quick))
        {
            Assert.That(await db.ExecuteScalarAsync<string>("SELECT v FROM kept"), Is.EqualTo("before"));
        }
    }

    private static async Task<string?> ReadAsync(string connectionString)
    {
        await using var db = new NpgsqlConnection(connectionString);
        return await db.ExecuteScalarAsync<string>("SELECT v FROM kept");
    }

    private static async Task<string?> TryGetAsync(IDatabase db)
    {
        try
        {
            return await db.StringGetAsync("kept");
        }
        catch (RedisException)
        {
            return null;
        }
    }
}
