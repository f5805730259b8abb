using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.Server.Queue;
using StackExchange.Redis;

namespace SendGateway.IntegrationTests.Delivery;

/// <summary>
/// Shard leases with two real worker processes (issue 4, item 4): each shard has one owner, the second worker gets its
/// share, and a killed worker's shards — with the entries it left pending — move to the other within the lease time.
/// </summary>
[TestFixture]
public sealed class ShardLeaseTests
{
    private const int Shards = 4;

    private static Process StartWorker(SendGatewayFactory factory) => ServerProcess.StartWorker(factory, new Dictionary<string, string>
    {
        ["SendGateway:Delivery:ShardLeaseTime"] = "00:00:05", // margin for the test to park an entry before the takeover
        ["SendGateway:Delivery:Routes:*"] = $"127.0.0.2:{TestEnvironment.MxPort}",
    });

    private static async Task<string?[]> OwnersAsync(IDatabase db) =>
        await Task.WhenAll(Enumerable.Range(0, Shards).Select(async s => (string?)await db.StringGetAsync($"sg:lease:{{s{s}}}")));

    private static async Task<string?[]> WaitForOwnersAsync(IDatabase db, Func<string?[], bool> done, string what)
    {
        var owners = await OwnersAsync(db);
        for (var i = 0; i < 200 && !done(owners); i++)
        {
            await Task.Delay(100);
            owners = await OwnersAsync(db);
        }

        Assert.That(done(owners), Is.True, $"{what}: {string.Join(", ", owners)}");
        return owners;
    }

    private static string DomainOnShard(int shard) => ServerProcess.DomainOnShard(shard, Shards, "lease");

    [Test]
    public async Task EachShardHasOneOwnerAndAKilledWorkersShardsAndPendingEntriesMoveToTheOther()
    {
        await using var api = new SendGatewayFactory("api,events");
        using var tenant = await api.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, "lease-acme.test");
        await using var redis = await ConnectionMultiplexer.ConnectAsync(api.RedisConnectionString);
        var db = redis.GetDatabase();

        using var first = StartWorker(api);
        try
        {
            await WaitForOwnersAsync(db, o => o.All(x => x is not null) && o.Distinct().Count() == 1, "the only worker takes every shard");
            using var second = StartWorker(api);
            try
            {
                var split = await WaitForOwnersAsync(db, o => o.All(x => x is not null) && o.Distinct().Count() == 2 && o.GroupBy(x => x).All(g => g.Count() == 2),
                    "two workers share the shards two and two");
                var firstOwner = split.GroupBy(x => x).First(g => g.Key != null).Key!;
                var firstShards = Enumerable.Range(0, Shards).Where(s => split[s] == firstOwner).ToList();

                first.Kill(entireProcessTree: true);
                await first.WaitForExitAsync();

                // An entry the dead worker had read and not finished: pending under its consumer on one of its shards.
                var orphanShard = firstShards[0];
                var rcpt = $"orphan-{Guid.NewGuid():N}@{DomainOnShard(orphanShard)}";
                var send = await tenant.SendAsync(new { from = new { email = "a@lease-acme.test" }, to = new[] { new { email = rcpt } }, subject = "s", text = "t" });
                var orphanId = (await send.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;
                var read = await db.StreamReadGroupAsync(QueueKeys.Stream(orphanShard), QueueKeys.DeliveryGroup, "dead-worker-consumer", StreamPosition.NewMessages, 10);
                Assert.That(read, Has.Length.EqualTo(1), "the message is now pending under a consumer nobody runs");

                var owners = await WaitForOwnersAsync(db, o => o.All(x => x is not null && x != firstOwner), "the survivor takes the dead worker's shards");
                Assert.That(owners.Distinct().Count(), Is.EqualTo(1));
                await tenant.WaitForStatusAsync(orphanId, "ok", seconds: 30);

                var ids = new List<string>();
                for (var shard = 0; shard < Shards; shard++)
                {
                    var response = await tenant.SendAsync(new { from = new { email = "a@lease-acme.test" }, to = new[] { new { email = $"after-{Guid.NewGuid():N}@{DomainOnShard(shard)}" } }, subject = "s", text = "t" });
                    ids.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!);
                }

                foreach (var id in ids)
                {
                    await tenant.WaitForStatusAsync(id, "ok", seconds: 30);
                }
            }
            finally
            {
                second.Kill(entireProcessTree: true);
            }
        }
        finally
        {
            if (!first.HasExited)
            {
                first.Kill(entireProcessTree: true);
            }
        }
    }
}
