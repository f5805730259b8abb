using System.Diagnostics;
using System.Text;
using Npgsql;
using StackExchange.Redis;

namespace SendGateway.IntegrationTests.Infrastructure;

/// <summary>Everything a factory's databases hold, as text: <c>pg_dump</c> of its PostgreSQL database and every Redis value of its database.</summary>
public static class StorageDump
{
    public static async Task<string> PostgresAsync(SendGatewayFactory factory)
    {
        var cs = new NpgsqlConnectionStringBuilder(factory.PostgresConnectionString);
        var start = new ProcessStartInfo(ProcessRunner.PostgresBin("pg_dump"), ["-h", cs.Host!, "-p", cs.Port.ToString(), "-U", cs.Username!, "--data-only", cs.Database!])
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        };
        start.Environment["PGPASSWORD"] = cs.Password ?? "sendgateway";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.That(process.ExitCode, Is.Zero, await error);
        return await output;
    }

    public static async Task<string> RedisAsync(SendGatewayFactory factory)
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(factory.RedisConnectionString + ",allowAdmin=true");
        return string.Concat((await RedisKeysAsync(redis, factory.RedisDatabase)).Select(k => $"{k.Name} {k.Text}\n"));
    }

    /// <summary>Every key of the database with its type, TTL and every value it holds (hash and stream fields as <c>name=value</c>).</summary>
    public static async Task<List<RedisKeyDump>> RedisKeysAsync(ConnectionMultiplexer redis, int database)
    {
        var db = redis.GetDatabase(database);
        var keys = new List<RedisKeyDump>();
        await foreach (var key in redis.GetServer(redis.GetEndPoints()[0]).KeysAsync(database, "*"))
        {
            var type = await db.KeyTypeAsync(key);
            var text = new StringBuilder();
            switch (type)
            {
                case RedisType.String:
                    text.Append(await db.StringGetAsync(key));
                    break;
                case RedisType.Hash:
                    text.AppendJoin(' ', (await db.HashGetAllAsync(key)).Select(e => $"{e.Name}={e.Value}"));
                    break;
                case RedisType.SortedSet:
                    text.AppendJoin(' ', await db.SortedSetRangeByRankAsync(key));
                    break;
                case RedisType.Set:
                    text.AppendJoin(' ', await db.SetMembersAsync(key));
                    break;
                case RedisType.List:
                    text.AppendJoin(' ', await db.ListRangeAsync(key));
                    break;
                case RedisType.Stream:
                    text.AppendJoin(' ', (await db.StreamRangeAsync(key)).SelectMany(e => e.Values).Select(v => $"{v.Name}={v.Value}"));
                    break;
            }

            keys.Add(new RedisKeyDump(key!, type, await db.KeyTimeToLiveAsync(key), text.ToString()));
        }

        return keys;
    }
}
