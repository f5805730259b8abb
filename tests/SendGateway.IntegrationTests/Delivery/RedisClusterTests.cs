using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.Server.Queue;
using StackExchange.Redis;

namespace SendGateway.IntegrationTests.Delivery;

/// <summary>
/// The same code on a three-node Redis Cluster (issue 7, item 4): an API node and two delivery processes, every request
/// spanning shards that live on different nodes, and every recipient delivered exactly once with its <c>ok</c> stored.
/// </summary>
[TestFixture]
public sealed class RedisClusterTests
{
    private const int Shards = 6;
    private const int Requests = 20;

    [Test]
    public async Task TwoWorkersDeliverEveryMessageThroughAThreeNodeRedisCluster()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var cluster = await RedisCluster.StartAsync(3, timeout.Token);
        await using var api = new SendGatewayFactory("api,events", new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = cluster.ConnectionString,
            ["SendGateway:Queue:Shards"] = Shards.ToString(),
        });
        using var tenant = await api.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, "cluster-acme.test");
        await using var redis = await ConnectionMultiplexer.ConnectAsync(cluster.ConnectionString);
        var domains = Enumerable.Range(0, Shards).Select(s => ServerProcess.DomainOnShard(s, Shards, "cluster")).ToList();
        var nodes = await Task.WhenAll(Enumerable.Range(0, Shards).Select(s => RedisCluster.NodeOfAsync(redis, QueueKeys.Stream(s))));
        Assert.That(nodes.Distinct().Count(), Is.GreaterThanOrEqualTo(2), "the shards live on more than one node, so a request spans nodes");

        var overrides = new Dictionary<string, string> { ["SendGateway:Delivery:Routes:*"] = $"127.0.0.2:{TestEnvironment.MxPort}" };
        using var first = ServerProcess.StartWorker(api, overrides);
        using var second = ServerProcess.StartWorker(api, overrides);
        try
        {
            var owners = await Polling.UntilAsync(async () => await Task.WhenAll(Enumerable.Range(0, Shards).Select(async s => (string?)await redis.GetDatabase().StringGetAsync($"sg:lease:{{s{s}}}"))),
                o => o.All(x => x is not null) && o.Distinct().Count() == 2, TimeSpan.FromSeconds(60));
            Assert.That(owners.Distinct().Count(), Is.EqualTo(2), $"both delivery processes hold shards: {string.Join(", ", owners)}");

            var recipients = new List<string>();
            for (var r = 0; r < Requests; r++)
            {
                var to = domains.Select(d => $"c{r}-{Guid.NewGuid():N}@{d}").ToList();
                recipients.AddRange(to);
                var response = await tenant.SendAsync(new { from = new { email = "a@cluster-acme.test" }, to = to.Select(e => new { email = e }), subject = "s", text = "t" });
                Assert.That((int)response.StatusCode, Is.EqualTo(202), await response.Content.ReadAsStringAsync());
                var accepted = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages");
                Assert.That(accepted.EnumerateArray().Select(m => m.GetProperty("status").GetString()), Is.All.EqualTo("accepted"));
            }

            await using var db = new NpgsqlConnection(api.PostgresConnectionString);
            await db.OpenAsync(timeout.Token);
            await using var count = new NpgsqlCommand("SELECT count(*) FROM events WHERE type = 'ok' AND tenant_id = @t", db);
            count.Parameters.AddWithValue("t", tenant.Id);
            var delivered = await Polling.UntilAsync(async () => (long)(await count.ExecuteScalarAsync(timeout.Token))!, n => n >= recipients.Count, TimeSpan.FromSeconds(60));
            Assert.That(delivered, Is.EqualTo(recipients.Count), "one ok event per recipient in PostgreSQL");
            Assert.That(recipients.Select(r => TestEnvironment.Mx1.For(r).Count()), Is.All.EqualTo(1), "every recipient reached the MX exactly once");
        }
        finally
        {
            first.Kill(entireProcessTree: true);
            second.Kill(entireProcessTree: true);
        }
    }
}
