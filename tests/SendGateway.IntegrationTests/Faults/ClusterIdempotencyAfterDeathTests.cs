using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.Server.Idempotency;
using SendGateway.Server.Queue;
using StackExchange.Redis;

namespace SendGateway.IntegrationTests.Faults;

/// <summary>
/// A relay process (the real executable) on a three-node Redis Cluster killed with SIGKILL between its queue write and the
/// idempotency answer. On a cluster the answer lives in another slot than the shard and cannot be in the write's script,
/// so the write leaves a marker in the shard's slot (<see cref="EnqueueMarker"/>). The window is held open, not raced:
/// PostgreSQL is slowed through a <see cref="FaultProxy"/> so the claimed request is seen before its write, then the node
/// of the key's slot pauses writes (<c>CLIENT PAUSE WRITE</c>), so the answer cannot be stored after the entry is written;
/// then the kill. The client's resend with the same <c>X-Idempotency-Key</c> to another relay, once the dead claim has
/// expired (1 s), queues nothing again and is answered with the message id written before the kill.
/// </summary>
[TestFixture]
public sealed class ClusterIdempotencyAfterDeathTests
{
    private const int Shards = 6;

    [Test]
    public async Task AResendAfterTheRelayDiedBetweenItsWriteAndItsAnswerQueuesNothingAndNamesTheSameMessage()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await using var cluster = await RedisCluster.StartAsync(3, timeout.Token);
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = cluster.ConnectionString,
            ["SendGateway:Queue:Shards"] = Shards.ToString(),
            ["SendGateway:Idempotency:InProgressTtl"] = "00:00:01",
            ["SendGateway:Relay:AllowPlainAuthWithoutTls"] = "true",
        };
        await using var api = new SendGatewayFactory("api,relay", settings); // no delivery: a written entry stays in its stream
        api.StartServer();
        using var tenant = await api.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, "death.test");
        var credential = await (await tenant.Client.PostAsJsonAsync("/v1/smtp-credentials", new { name = "death" })).Content.ReadFromJsonAsync<JsonElement>();
        var auth = RawSmtpClient.Plain(credential.GetProperty("username").GetString()!, credential.GetProperty("password").GetString()!);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(cluster.ConnectionString + ",allowAdmin=true");
        var db = redis.GetDatabase();

        // The recipient's shard on one node, the key's record on another.
        const int shard = 0;
        var recipient = $"death-{Guid.NewGuid():N}@{ServerProcess.DomainOnShard(shard, Shards, "death")}";
        var shardNode = await RedisCluster.NodeOfAsync(redis, QueueKeys.Stream(shard));
        string key = string.Empty, keyNode = string.Empty;
        for (var i = 0; keyNode.Length == 0 || keyNode == shardNode; i++)
        {
            key = $"death-{i}-{Guid.NewGuid():N}";
            keyNode = await RedisCluster.NodeOfAsync(redis, IdempotencyKeys.Record(tenant.Id, "smtp:" + key));
        }

        var record = IdempotencyKeys.Record(tenant.Id, "smtp:" + key);
        var postgres = new NpgsqlConnectionStringBuilder(api.PostgresConnectionString);
        await using var slowPostgres = new FaultProxy(postgres.Port);
        postgres.Port = slowPostgres.Port;
        var (relay, port) = await ServerProcess.StartRelayAsync(api, new Dictionary<string, string> { ["ConnectionStrings:Postgres"] = postgres.ConnectionString });
        var keyServer = redis.GetServer(keyNode);
        string lost;
        try
        {
            await using var client = await RawSmtpClient.ConnectAsync(port);
            await client.SendAsync("EHLO raw.test\r\n");
            await client.SendAsync($"AUTH PLAIN {auth}\r\n");
            await client.SendAsync($"MAIL FROM:<a@death.test>\r\nRCPT TO:<{recipient}>\r\n", replies: 2);
            Assert.That(await client.SendAsync("DATA\r\n"), Does.StartWith("354"));
            slowPostgres.Delay(TimeSpan.FromMilliseconds(700));
            await client.WriteAsync(System.Text.Encoding.ASCII.GetBytes(Message(recipient, key) + ".\r\n"));

            var claimed = await Polling.UntilAsync(() => db.KeyExistsAsync(record), e => e, TimeSpan.FromSeconds(60));
            Assert.That(claimed, Is.True, "the relay claimed the key");
            await keyServer.ExecuteAsync("CLIENT", "PAUSE", "60000", "WRITE"); // the answer cannot be stored from now on
            slowPostgres.Pass();
            var written = await Polling.UntilAsync(() => db.StreamLengthAsync(QueueKeys.Stream(shard)), n => n >= 1, TimeSpan.FromSeconds(60));
            Assert.That(written, Is.EqualTo(1), "the entry is durably written");
            relay.Kill(); // SIGKILL between the write and the answer
            await relay.WaitForExitAsync();
            lost = await client.ReadReplyAsync(seconds: 30);

            // The answer's write the pause held dies with its connection: Redis drops it once it sees the connection closed.
            var blocked = await Polling.UntilAsync(
                async () => ((string?)await keyServer.ExecuteAsync("INFO", "clients"))!, i => i.Contains("blocked_clients:0", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
            Assert.That(blocked, Does.Contain("blocked_clients:0"));
        }
        finally
        {
            await keyServer.ExecuteAsync("CLIENT", "UNPAUSE");
            await WorkerKilledAfterTheRemote250Tests.StopAsync(relay);
        }

        Assert.That(lost, Does.Not.Contain("250"), "no 250 reached the client");
        var left = await Polling.UntilAsync(async () => (string?)await db.StringGetAsync(record), v => v is null, TimeSpan.FromSeconds(30));
        Assert.That(left, Is.Null, "the killed relay left no answer, only a claim that expired");

        // The resend to another relay (this process's): 451 while a claim runs, then the first run's message.
        var entry = JsonDocument.Parse((await db.StreamRangeAsync(QueueKeys.Stream(shard))).Single()["e"].ToString()).RootElement;
        var resent = await Polling.UntilAsync(() => SubmitAsync(api.SubmissionPort, auth, recipient, key), r => !r.StartsWith("451", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        Assert.That(resent, Does.StartWith("250 2.0.0 Ok: queued as ").And.Contain($"(message {entry.GetProperty("id").GetString()})"), "the resend names the message written before the kill");
        Assert.That(await db.StreamLengthAsync(QueueKeys.Stream(shard)), Is.EqualTo(1), "and nothing is queued again");
        Assert.That(await SubmitAsync(api.SubmissionPort, auth, recipient, key), Is.EqualTo(resent), "a further resend replays the same answer");
        Assert.That(await db.StreamLengthAsync(QueueKeys.Stream(shard)), Is.EqualTo(1));
    }

    private static async Task<string> SubmitAsync(int port, string auth, string recipient, string key)
    {
        await using var client = await RawSmtpClient.ConnectAsync(port);
        await client.SendAsync("EHLO raw.test\r\n");
        await client.SendAsync($"AUTH PLAIN {auth}\r\n");
        await client.SendAsync($"MAIL FROM:<a@death.test>\r\nRCPT TO:<{recipient}>\r\n", replies: 2);
        await client.SendAsync("DATA\r\n");
        return (await client.SendAsync(Message(recipient, key) + ".\r\n")).Trim();
    }

    private static string Message(string recipient, string key) =>
        $"From: a@death.test\r\nSubject: death\r\nMessage-ID: <{recipient.Split('@')[0]}@death.test>\r\nX-Idempotency-Key: {key}\r\n\r\nthe body\r\n";
}
