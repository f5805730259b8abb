using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;
using StackExchange.Redis;

namespace SendGateway.IntegrationTests.Delivery;

/// <summary>
/// A delivery worker that read entries and died before acknowledging them leaves them pending in the consumer
/// group; another worker must claim them (XAUTOCLAIM) and deliver each exactly once (reliability.md T86, T87).
/// </summary>
[TestFixture]
public sealed class WorkerCrashTests
{
    [Test]
    public async Task EntriesLeftPendingByADeadWorkerAreReclaimedAndDeliveredOnce()
    {
        await using var api = new SendGatewayFactory(roles: "api,events");
        using var tenant = await api.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, "crash.test");
        var recipients = Enumerable.Range(0, 12).Select(i => $"crash{i}-{Guid.NewGuid():N}@mx-ok.test").ToArray();
        var response = await tenant.SendAsync(new { from = new { email = "a@crash.test" }, to = recipients.Select(r => new { email = r }), subject = "s", text = "t" });
        var ids = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("id").GetString()!).ToArray();

        // The "dead" worker: takes every entry from every shard and never acknowledges.
        using var redis = await ConnectionMultiplexer.ConnectAsync(api.RedisConnectionString);
        var db = redis.GetDatabase();
        var taken = new List<(int Shard, string Id)>();
        for (var shard = 0; shard < 4; shard++)
        {
            var key = $"sg:q:{{s{shard}}}";
            try
            {
                await db.StreamCreateConsumerGroupAsync(key, "delivery", StreamPosition.Beginning, createStream: true);
            }
            catch (RedisServerException)
            {
                // The API process already created it.
            }

            foreach (var entry in await db.StreamReadGroupAsync(key, "delivery", "dead-worker", StreamPosition.NewMessages, 100))
            {
                taken.Add((shard, JsonDocument.Parse((string)entry["e"]!).RootElement.GetProperty("id").GetString()!));
            }
        }

        Assert.That(taken.Select(t => t.Id), Is.EquivalentTo(ids), "the dead worker holds every message");

        // One message had reached its MX (journaled) before the crash: it must be recorded, not sent again.
        var journaled = taken[0];
        await db.StringSetAsync($"sg:done:{{s{journaled.Shard}}}:{journaled.Id}", "1");

        await using var worker = new SendGatewayFactory(
            roles: "delivery,events",
            settings: new Dictionary<string, string?> { ["SendGateway:Delivery:ReclaimIdleTime"] = "00:00:01" },
            redisDatabase: api.RedisDatabase,
            postgresDatabase: api.PostgresDatabase);
        _ = worker.Services; // starts the host: its workers reclaim the pending entries

        foreach (var id in ids)
        {
            await tenant.WaitForStatusAsync(id, "ok", seconds: 60);
        }

        var journaledRecipient = recipients[Array.IndexOf(ids, journaled.Id)];
        Assert.That(TestEnvironment.Mx1.For(journaledRecipient).Count(), Is.Zero, "a journaled delivery is not repeated");
        foreach (var recipient in recipients.Where(r => r != journaledRecipient))
        {
            Assert.That(TestEnvironment.Mx1.For(recipient).Count(), Is.EqualTo(1), $"{recipient} delivered exactly once");
        }

        for (var shard = 0; shard < 4; shard++)
        {
            var pending = await db.StreamPendingAsync($"sg:q:{{s{shard}}}", "delivery");
            Assert.That(pending.PendingMessageCount, Is.Zero, $"nothing left pending on shard {shard}");
        }
    }
}
