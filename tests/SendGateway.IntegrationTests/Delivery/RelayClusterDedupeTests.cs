using System.Net.Http.Json;
using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.Server.Queue;
using StackExchange.Redis;

namespace SendGateway.IntegrationTests.Delivery;

/// <summary>
/// The tenant's de-duplication (<c>dedupe_window_minutes</c>, reliability.md T82) over a three-node Redis Cluster: one
/// relayed message with three recipients on shards of three different nodes, sent twice with the same Message-ID. The
/// first copy of each recipient is read back in one MGET, so its keys must share a slot (the tenant's hash tag): the
/// resend is answered with the first message and nothing more is queued.
/// </summary>
[TestFixture]
public sealed class RelayClusterDedupeTests
{
    private const int Shards = 6;

    [Test]
    public async Task AResendOfAThreeRecipientMessageIsAnsweredWithTheFirstAndQueuesNothingMore()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await using var cluster = await RedisCluster.StartAsync(3, timeout.Token);
        await using var relay = new SendGatewayFactory("api,relay", new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = cluster.ConnectionString,
            ["SendGateway:Queue:Shards"] = Shards.ToString(),
        });
        relay.StartServer();
        using var tenant = await relay.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, "relay-dedupe.test");
        using (var saved = await tenant.Client.PutAsJsonAsync("/v1/settings", new { dedupe_window_minutes = 10 }))
        {
            Assert.That(saved.IsSuccessStatusCode, Is.True, await saved.Content.ReadAsStringAsync());
        }

        var submitter = await RelaySubmitter.CreateAsync(relay, tenant);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(cluster.ConnectionString + ",allowAdmin=true");
        var nodes = await Task.WhenAll(Enumerable.Range(0, Shards).Select(s => RedisCluster.NodeOfAsync(redis, QueueKeys.Stream(s))));
        var chosen = Enumerable.Range(0, Shards).GroupBy(s => nodes[s]).Select(g => g.First()).Order().ToList(); // one shard per node
        Assert.That(chosen, Has.Count.EqualTo(3), "the shards live on the three nodes");
        var recipients = chosen.Select(s => $"d{s}-{Guid.NewGuid():N}@{ServerProcess.DomainOnShard(s, Shards, "relay-dedupe")}").ToList();
        var header = $"Message-ID: <{Guid.NewGuid():N}@relay-dedupe.test>\r\n";

        var first = await submitter.SubmitAsync("a@relay-dedupe.test", recipients, extraHeaders: header);
        Assert.That(first.Queued, Is.True, first.EndOfData);
        var again = await submitter.SubmitAsync("a@relay-dedupe.test", recipients, extraHeaders: header);
        Assert.That(again.EndOfData, Is.EqualTo(first.EndOfData), "the resend is answered with the first message");

        long queued = 0;
        foreach (var shard in chosen)
        {
            queued += await redis.GetDatabase().StreamLengthAsync(QueueKeys.Stream(shard));
        }

        Assert.That(queued, Is.EqualTo(3), "one entry per recipient, none for the resend");
    }
}
