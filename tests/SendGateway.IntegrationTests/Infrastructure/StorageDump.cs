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
        var db = redis.GetDatabase(factory.RedisDatabase);
        var text = new StringBuilder();
        await foreach (var key in redis.GetServer(redis.GetEndPoints()[0]).KeysAsync(factory.RedisDatabase, "*"))
        {
            text.Append(key).Append(' ');
            switch (await db.KeyTypeAsync(key))
            {
                case RedisType.String:
                    text.Append(await db.StringGetAsync(key));
                    break;
                case RedisType.Hash:
                    foreach (var e in await db.HashGetAllAsync(key))
                    {
                        text.Append(e.Name).Append('=').Append(e.Value).Append(' ');
                    }

                    break;
                case RedisType.SortedSet:
                    text.AppendJoin(' ', await db.SortedSetRangeByRankAsync(key));
                    break;
                case RedisType.Set:
                    text.AppendJoin(' ', await db.SetMembersAsync(key));
                    break;
                case RedisType.Stream:
                    foreach (var entry in await db.StreamRangeAsync(key))
                    {
                        text.AppendJoin(' ', entry.Values.Select(v => v.Value));
                    }

                    break;
                case RedisType.List:
                    text.AppendJoin(' ', await db.ListRangeAsync(key));
                    break;
            }

            text.AppendLine();
        }

        return text.ToString();
    }
}
