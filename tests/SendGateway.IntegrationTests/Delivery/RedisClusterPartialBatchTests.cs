using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Npgsql;
using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.Server.Queue;
using StackExchange.Redis;

namespace SendGateway.IntegrationTests.Delivery;

/// <summary>
/// reliability.md T30 on a three-node Redis Cluster: a REST batch spans six shards (one script per shard) and one
/// primary refuses writes (at <c>maxmemory</c>). The client gets 503, the shards already written are rolled back (no
/// entry, no body left), and after the node recovers the client's retry with the same Idempotency-Key delivers each
/// recipient exactly once (and a further retry is answered from the stored response).
/// </summary>
[TestFixture]
public sealed class RedisClusterPartialBatchTests
{
    private const int Shards = 6;

    [Test]
    public async Task ABatchThatFailsOnOneNodeLeavesNothingQueuedOnTheOthersAndItsRetryDeliversOnce()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var cluster = await RedisCluster.StartAsync(3, timeout.Token);
        await using var api = new SendGatewayFactory("api,events", new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = cluster.ConnectionString,
            ["SendGateway:Queue:Shards"] = Shards.ToString(),
        });
        using var tenant = await api.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, "partial-acme.test");
        await using var redis = await ConnectionMultiplexer.ConnectAsync(cluster.ConnectionString + ",allowAdmin=true");
        var nodes = await Task.WhenAll(Enumerable.Range(0, Shards).Select(s => RedisCluster.NodeOfAsync(redis, QueueKeys.Stream(s))));
        var failing = nodes[0];
        var healthy = Enumerable.Range(0, Shards).Where(s => nodes[s] != failing).ToList();
        Assert.That(healthy, Is.Not.Empty, "the shards live on more than one node, so the batch spans nodes");
        var recipients = Enumerable.Range(0, Shards).Select(s => $"p{s}-{Guid.NewGuid():N}@{ServerProcess.DomainOnShard(s, Shards, "partial")}").ToList();
        var message = new { from = new { email = "a@partial-acme.test" }, to = recipients.Select(e => new { email = e }), subject = "s", text = "t" };
        var key = await KeyOffAsync(redis, tenant.Id, failing); // its claim must not be what fails: the batch's write must

        var server = redis.GetServer(failing);
        await server.ConfigSetAsync("maxmemory", "1"); // noeviction: this primary refuses every write with OOM, the others accept
        HttpResponseMessage refused;
        try
        {
            refused = await SendAsync(tenant, message, key, timeout.Token);
        }
        finally
        {
            await server.ConfigSetAsync("maxmemory", "0");
        }

        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), await refused.Content.ReadAsStringAsync(timeout.Token));
        foreach (var shard in healthy)
        {
            var db = redis.GetDatabase();
            Assert.That(await db.StreamLengthAsync(QueueKeys.Stream(shard)), Is.Zero, $"shard {shard} (written before the failure) keeps no entry");
            var bodies = redis.GetServer(nodes[shard]).KeysAsync(pattern: $"sg:body:{{s{shard}}}:*");
            Assert.That(await bodies.CountAsync(timeout.Token), Is.Zero, $"shard {shard} keeps no body");
        }

        var overrides = new Dictionary<string, string> { ["SendGateway:Delivery:Routes:*"] = $"127.0.0.2:{TestEnvironment.MxPort}" };
        using var worker = ServerProcess.StartWorker(api, overrides);
        try
        {
            using var retried = await SendAsync(tenant, message, key, timeout.Token);
            var body = await retried.Content.ReadAsStringAsync(timeout.Token);
            Assert.That(retried.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), body);
            var ids = JsonDocument.Parse(body).RootElement.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("id").GetString()!).ToList();
            using var again = await SendAsync(tenant, message, key, timeout.Token);
            Assert.That(await again.Content.ReadAsStringAsync(timeout.Token), Is.EqualTo(body), "a further retry gets the stored answer, not a new batch");
            foreach (var id in ids)
            {
                await tenant.WaitForStatusAsync(id, "ok", seconds: 90);
            }

            await using var pg = new NpgsqlConnection(api.PostgresConnectionString);
            await pg.OpenAsync(timeout.Token);
            // The first attempt's ids are not in the events, unless the ingester read an injected event in the milliseconds
            // before the rollback: then that message ends dropped (rolled_back), never queued or delivered.
            await using var others = new NpgsqlCommand(
                "SELECT message_id FROM events WHERE tenant_id = @t AND NOT (message_id = ANY(@ids)) GROUP BY message_id HAVING NOT bool_or(type = 'dropped' AND reason = 'rolled_back')", pg);
            others.Parameters.AddWithValue("t", tenant.Id);
            others.Parameters.AddWithValue("ids", ids.ToArray());
            await using var reader = await others.ExecuteReaderAsync(timeout.Token);
            Assert.That(await reader.ReadAsync(timeout.Token), Is.False, "no message of the failed attempt is left without its rollback");
            Assert.That(recipients.Select(r => TestEnvironment.Mx1.For(r).Count()), Is.All.EqualTo(1), "every recipient reached the MX exactly once");
        }
        finally
        {
            worker.Kill(entireProcessTree: true);
        }
    }

    private static async Task<HttpResponseMessage> SendAsync(TestTenant tenant, object message, string key, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages") { Content = JsonContent.Create(message) };
        request.Headers.Add("Idempotency-Key", key);
        return await tenant.Client.SendAsync(request, cancellationToken);
    }

    /// <summary>An Idempotency-Key whose Redis record (<c>sg:idem:{tenant}:{SHA-256}</c>) lives on another node than <paramref name="node"/>.</summary>
    private static async Task<string> KeyOffAsync(IConnectionMultiplexer redis, string tenantId, string node)
    {
        while (true)
        {
            var key = Guid.NewGuid().ToString("N");
            var record = $"sg:idem:{tenantId}:{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)))}";
            if (await RedisCluster.NodeOfAsync(redis, record) != node)
            {
                return key;
            }
        }
    }
}
