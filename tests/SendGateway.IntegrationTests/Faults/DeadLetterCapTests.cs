using System.Net;
using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.Server.Queue;
using StackExchange.Redis;

namespace SendGateway.IntegrationTests.Faults;

/// <summary>
/// Dead letters are never lost (issue 31 §2): past <c>Queue:DeadLetterMaxLength</c> in a shard every new one is still
/// kept, nothing is trimmed, and operators are alerted: a warning, the <c>sendgateway.dead_letters.over_cap</c> count and
/// the <c>dead_letters</c> health check degraded on <c>/readyz</c>.
/// </summary>
[TestFixture]
public sealed class DeadLetterCapTests
{
    [Test]
    public async Task DeadLettersPastTheCapAreKeptAndAlerted()
    {
        const int Cap = 100;
        const int Poison = 250; // Redis's approximate trimming removes whole nodes of 100 entries: enough to see a trim
        var logs = new CapturingLoggerProvider();
        await using var factory = new SendGatewayFactory(logs: logs, settings: new Dictionary<string, string?> { ["SendGateway:Queue:DeadLetterMaxLength"] = Cap.ToString() });
        using var redis = await ConnectionMultiplexer.ConnectAsync(factory.RedisConnectionString);
        var db = redis.GetDatabase();
        var shard = QueueKeys.ShardOf("mx-ok.test", 4);
        using var client = factory.CreateClient();
        using (var healthy = await client.GetAsync("/readyz"))
        {
            Assert.That(await healthy.Content.ReadAsStringAsync(), Is.EqualTo("Healthy"));
        }

        var batch = db.CreateBatch();
        var adds = Enumerable.Range(0, Poison).Select(i => batch.StreamAddAsync(QueueKeys.Stream(shard), "e", $"{{not json {i}")).ToList();
        batch.Execute();
        await Task.WhenAll(adds);

        var kept = await Polling.UntilAsync(() => db.StreamLengthAsync(DeadLetters.Key(shard)), n => n >= Poison, TimeSpan.FromSeconds(60));
        Assert.That(kept, Is.EqualTo(Poison), "every dead letter kept, none trimmed");
        Assert.That(await db.StreamLengthAsync(QueueKeys.Stream(shard)), Is.Zero, "all moved off the queue");

        var warnings = logs.Lines.Where(l => l.Contains("dead letters, above Queue:DeadLetterMaxLength", StringComparison.Ordinal)).ToList();
        Assert.That(warnings, Has.Count.EqualTo(1), "one warning for the crossing, not one per entry");
        Assert.That(warnings[0], Does.Contain($"Shard={shard}").And.Contain("Warning"));

        using var degraded = await client.GetAsync("/readyz");
        Assert.That(degraded.StatusCode, Is.EqualTo(HttpStatusCode.OK), "still ready: only degraded");
        Assert.That(await degraded.Content.ReadAsStringAsync(), Is.EqualTo("Degraded"));
        Assert.That(await client.GetStringAsync("/metrics"), Does.Contain("sendgateway_dead_letters_over_cap"));
    }
}
