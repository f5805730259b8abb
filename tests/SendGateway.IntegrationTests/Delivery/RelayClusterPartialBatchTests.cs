using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.Server.Queue;
using StackExchange.Redis;

namespace SendGateway.IntegrationTests.Delivery;

/// <summary>
/// reliability.md T30 on the relay, over a three-node Redis Cluster: one transaction with three RCPTs on shards of three
/// different nodes, the second node refusing writes (at <c>maxmemory</c>). The whole transaction gets
/// <c>451 4.3.0</c>, the shards already written are rolled back (no entry, no body left), and after the node recovers
/// the client's retry delivers each recipient exactly once.
/// </summary>
[TestFixture]
public sealed class RelayClusterPartialBatchTests
{
    private const int Shards = 6;

    [Test]
    public async Task ThreeRecipientsOneNodeFullIs451WithNothingQueuedAndTheRetryDeliversEachOnce()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await using var cluster = await RedisCluster.StartAsync(3, timeout.Token);
        await using var relay = new SendGatewayFactory("api,relay,events", new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = cluster.ConnectionString,
            ["SendGateway:Queue:Shards"] = Shards.ToString(),
        });
        relay.StartServer();
        using var tenant = await relay.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, "relay-partial.test");
        var submitter = await RelaySubmitter.CreateAsync(relay, tenant);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(cluster.ConnectionString + ",allowAdmin=true");
        var nodes = await Task.WhenAll(Enumerable.Range(0, Shards).Select(s => RedisCluster.NodeOfAsync(redis, QueueKeys.Stream(s))));
        var chosen = Enumerable.Range(0, Shards).GroupBy(s => nodes[s]).Select(g => g.First()).Order().ToList(); // one shard per node
        Assert.That(chosen, Has.Count.EqualTo(3), "the shards live on the three nodes");
        var failing = nodes[chosen[1]];
        var recipients = chosen.Select(s => $"r{s}-{Guid.NewGuid():N}@{ServerProcess.DomainOnShard(s, Shards, "relay-partial")}").ToList();
        var server = redis.GetServer(failing);

        RelayReplies refused;
        try
        {
            // Full only once the transaction has reached DATA: the write of the message is what fails.
            refused = await submitter.SubmitAsync("a@relay-partial.test", recipients, beforeBody: async () => await server.ConfigSetAsync("maxmemory", "1"));
        }
        finally
        {
            await server.ConfigSetAsync("maxmemory", "0");
        }

        Assert.That(refused.Recipients, Is.All.StartWith("250"), "every RCPT was taken");
        Assert.That(refused.EndOfData, Is.EqualTo("451 4.3.0 Error: queue file write error\r\n"), "the whole transaction is refused");
        foreach (var shard in chosen.Where(s => nodes[s] != failing))
        {
            Assert.That(await redis.GetDatabase().StreamLengthAsync(QueueKeys.Stream(shard)), Is.Zero, $"shard {shard} (written before the failure) keeps no entry");
            var bodies = redis.GetServer(nodes[shard]).KeysAsync(pattern: $"sg:body:{{s{shard}}}:*");
            Assert.That(await bodies.CountAsync(timeout.Token), Is.Zero, $"shard {shard} keeps no body");
        }

        using var worker = ServerProcess.StartWorker(relay, new Dictionary<string, string> { ["SendGateway:Delivery:Routes:*"] = $"127.0.0.2:{TestEnvironment.MxPort}" });
        try
        {
            var retried = await Polling.UntilAsync(() => submitter.SubmitAsync("a@relay-partial.test", recipients), r => r.Queued, TimeSpan.FromSeconds(60));
            Assert.That(retried.Queued, Is.True, retried.EndOfData);
            var delivered = await Polling.UntilAsync(
                () => Task.FromResult(recipients.Select(r => TestEnvironment.Mx1.For(r).Count()).ToList()), counts => counts.All(c => c >= 1), TimeSpan.FromSeconds(120));
            var waiting = await Polling.UntilAsync(async () =>
            {
                long n = 0;
                foreach (var shard in chosen)
                {
                    n += await redis.GetDatabase().StreamLengthAsync(QueueKeys.Stream(shard)) + await redis.GetDatabase().SortedSetLengthAsync(QueueKeys.Scheduled(shard));
                }

                return n;
            }, n => n == 0, TimeSpan.FromSeconds(60));
            Assert.That(waiting, Is.Zero, "nothing left in the queue");
            Assert.That(recipients.Select(r => TestEnvironment.Mx1.For(r).Count()), Is.All.EqualTo(1), "every recipient reached the MX exactly once");
        }
        finally
        {
            worker.Kill(entireProcessTree: true);
        }
    }
}
