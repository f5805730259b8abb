using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Faults;

/// <summary>
/// Two API nodes start while Redis is down: each keeps trying to subscribe to key revocations and, once Redis is up,
/// a key revoked on one node is refused at once on the other (not after its 30 s cache).
/// </summary>
[TestFixture]
public sealed class RevocationSubscriptionTests
{
    [Test]
    public async Task NodesThatStartedWithoutRedisSubscribeOnceItIsUpAndRevocationsReachThem()
    {
        await using var redis = new RedisProcess();
        var settings = new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = $"127.0.0.1:{redis.Port},connectTimeout=500,asyncTimeout=1000,syncTimeout=1000" };
        var logsA = new CapturingLoggerProvider();
        var logsB = new CapturingLoggerProvider();
        await using var nodeA = new SendGatewayFactory("api", settings, logs: logsA);
        await using var nodeB = new SendGatewayFactory("api", settings, postgresDatabase: nodeA.PostgresDatabase, logs: logsB);
        _ = nodeA.Services;
        _ = nodeB.Services;
        foreach (var logs in new[] { logsA, logsB })
        {
            await Polling.UntilAsync(() => Task.FromResult(logs.Lines.Any(l => l.Contains("API key revocations: storage unavailable", StringComparison.Ordinal))), seen => seen, TimeSpan.FromSeconds(30));
        }

        await redis.StartAsync();
        foreach (var logs in new[] { logsA, logsB })
        {
            var subscribed = await Polling.UntilAsync(() => Task.FromResult(logs.Lines.Any(l => l.Contains("API key revocations: storage answers again", StringComparison.Ordinal))), s => s, TimeSpan.FromSeconds(30));
            Assert.That(subscribed, Is.True, "each node subscribed once Redis was up");
        }

        using var tenant = await nodeA.CreateTenantAsync();
        var created = await (await tenant.Client.PostAsJsonAsync("/v1/api-keys", new { name = "revoked soon" })).Content.ReadFromJsonAsync<JsonElement>();
        using var onB = nodeB.Authorized(created.GetProperty("key").GetString()!);
        Assert.That((await onB.GetAsync("/v1/events")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "node B caches the key for 30 s");
        Assert.That((await tenant.Client.DeleteAsync($"/v1/api-keys/{created.GetProperty("id").GetString()}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        var status = await Polling.UntilAsync(async () => (await onB.GetAsync("/v1/events")).StatusCode, s => s == HttpStatusCode.Unauthorized, TimeSpan.FromSeconds(5));
        Assert.That(status, Is.EqualTo(HttpStatusCode.Unauthorized), "within seconds, not after the 30 s cache");
    }
}
