using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.Server.Queue;
using StackExchange.Redis;

namespace SendGateway.IntegrationTests.Faults;

/// <summary>
/// <c>Queue:MinReplicasToAck</c> 1 over a Redis primary with one replica (<c>replicaof</c>) on loopback: a 202 means the
/// entry is on the replica already; with the replica stopped (SIGSTOP) the accept path's WAIT comes back short within
/// <c>Queue:ReplicaAckTimeout</c> (1 s here), and the answer is the temporary failure (503 with Retry-After, 451 4.3.0),
/// while the API's other Redis work (WAIT runs on connections of its own) goes on.
/// </summary>
[TestFixture]
public sealed class ReplicaAckTests
{
    private const string Domain = "replica-ack.test";
    private RedisProcess _primary = null!;
    private RedisProcess _replica = null!;
    private SendGatewayFactory _api = null!;
    private TestTenant _tenant = null!;
    private ConnectionMultiplexer _replicaReader = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _primary = new RedisProcess();
        await _primary.StartAsync();
        _replica = new RedisProcess("--replicaof", "127.0.0.1", _primary.Port.ToString());
        await _replica.StartAsync();
        _replicaReader = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{_replica.Port},allowAdmin=true");
        var linked = await Polling.UntilAsync(
            async () => (string?)await _replicaReader.GetServer(_replicaReader.GetEndPoints()[0]).ExecuteAsync("INFO", "replication") ?? string.Empty,
            info => info.Contains("master_link_status:up", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        Assert.That(linked, Does.Contain("master_link_status:up"), "the replica follows the primary");
        _api = new SendGatewayFactory("api,relay", new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = $"127.0.0.1:{_primary.Port}",
            ["SendGateway:Queue:MinReplicasToAck"] = "1",
            ["SendGateway:Queue:ReplicaAckTimeout"] = "00:00:01",
            ["SendGateway:Relay:AllowPlainAuthWithoutTls"] = "true",
        });
        _api.StartServer();
        _tenant = await _api.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(_tenant, Domain);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _tenant.Dispose();
        await _api.DisposeAsync();
        _replicaReader.Dispose();
        await _replica.DisposeAsync();
        await _primary.DisposeAsync();
    }

    [Test]
    public async Task AnAcceptedMessageIsOnTheReplicaWhenTheAnswerArrives()
    {
        var recipient = $"acked-{Guid.NewGuid():N}@mx-ok.test";
        using var response = await _tenant.Client.PostAsJsonAsync("/v1/messages", Message(recipient));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString();

        // Read at once, with no wait: the replica's copy of the stream already holds it.
        var onReplica = await _replicaReader.GetDatabase().StreamRangeAsync(QueueKeys.Stream(QueueKeys.ShardOf("mx-ok.test", QueueProbe.Shards)), flags: CommandFlags.DemandReplica);
        Assert.That(onReplica.Select(e => JsonDocument.Parse(e["e"].ToString()).RootElement.GetProperty("id").GetString()), Does.Contain(id));
    }

    [Test]
    public async Task WithTheReplicaStoppedTheAnswerIsATemporaryFailureWithinTheTimeout()
    {
        var submitter = await RelaySubmitter.CreateAsync(_api, _tenant);
        Signal("STOP");
        try
        {
            var clock = Stopwatch.StartNew();
            using var response = await _tenant.Client.PostAsJsonAsync("/v1/messages", Message($"unacked-{Guid.NewGuid():N}@mx-ok.test"));
            var took = clock.Elapsed;
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), await response.Content.ReadAsStringAsync());
            Assert.That(response.Headers.RetryAfter?.Delta, Is.Not.Null, "with Retry-After");
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(took, Is.LessThan(TimeSpan.FromSeconds(5)), "within the WAIT's timeout (1 s), not a Redis timeout");

            var relayed = await submitter.SubmitAsync($"a@{Domain}", [$"unacked-{Guid.NewGuid():N}@mx-ok.test"]);
            Assert.That(relayed.EndOfData, Does.StartWith("451 4.3.0"));

            using var read = await _tenant.Client.GetAsync("/v1/messages/msg_01ZZZZZZZZZZZZZZZZZZZZZZZZ");
            Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "the API's own Redis connection is not stalled by the WAIT");
        }
        finally
        {
            Signal("CONT");
        }

        using var again = await Polling.UntilAsync(
            () => _tenant.Client.PostAsJsonAsync("/v1/messages", Message($"after-{Guid.NewGuid():N}@mx-ok.test")), r => r.StatusCode == HttpStatusCode.Accepted, TimeSpan.FromSeconds(30));
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), "the replica back, messages are accepted again");
    }

    private void Signal(string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", _replica.ProcessId.ToString()])!;
        kill.WaitForExit();
        Assert.That(kill.ExitCode, Is.Zero, $"kill -{signal}");
    }

    private static object Message(string recipient) => new { from = new { email = $"a@{Domain}" }, to = new[] { new { email = recipient } }, subject = "ack", text = "t" };
}
