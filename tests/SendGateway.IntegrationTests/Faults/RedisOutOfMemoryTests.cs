using System.Net;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;
using StackExchange.Redis;

namespace SendGateway.IntegrationTests.Faults;

/// <summary>
/// reliability.md T91: Redis at <c>maxmemory</c> under <c>noeviction</c> refuses writes. The API answers 503 with
/// Retry-After and queues nothing, no key is evicted, the process stays up, and once memory is free again it accepts
/// and every message acknowledged before is delivered.
/// </summary>
[TestFixture]
public sealed class RedisOutOfMemoryTests
{
    [Test]
    public async Task AtMaxmemoryTheApiAnswers503LosesNothingAndRecoversWhenMemoryFrees()
    {
        await using var stores = await StoreFaults.StartAsync();
        await using var factory = new SendGatewayFactory("api,delivery,events", stores.Settings());
        using var tenant = await factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, "oom.test");
        using var admin = await stores.ConnectRedisAsync();
        var server = admin.GetServer($"127.0.0.1:{stores.Redis.Port}");

        var before = await SendAsync(tenant);
        Assert.That(before.Status, Is.EqualTo(HttpStatusCode.Accepted));
        await tenant.WaitForStatusAsync(before.Id!, "ok");

        // Memory "full": maxmemory below what is used, so every write that may grow memory is refused (OOM).
        var streams = await QueueLengthsAsync(admin, server);
        Assert.That(streams, Is.Not.Empty);
        await stores.BreakAsync(StoreKind.Redis, StoreFault.Fill);
        var refused = await SendAsync(tenant);
        Assert.That(refused.Status, Is.EqualTo(HttpStatusCode.ServiceUnavailable), refused.Body);
        Assert.That(refused.RetryAfter, Is.Not.Null);
        Assert.That(refused.Body, Does.Contain("unavailable"));
        Assert.That(await QueueLengthsAsync(admin, server), Is.EqualTo(streams), "the queue's stream lengths before and after are equal: nothing queued");
        Assert.That(EvictedKeys(await server.InfoAsync("stats")), Is.Zero, "no key evicted");

        await stores.RepairAsync(StoreKind.Redis);
        var after = await Polling.UntilAsync(() => SendAsync(tenant), r => r.Status == HttpStatusCode.Accepted, TimeSpan.FromSeconds(20));
        Assert.That(after.Status, Is.EqualTo(HttpStatusCode.Accepted), after.Body);
        await tenant.WaitForStatusAsync(after.Id!, "ok");
        Assert.That(factory.Services.GetService(typeof(Microsoft.Extensions.Hosting.IHostApplicationLifetime)) is Microsoft.Extensions.Hosting.IHostApplicationLifetime { ApplicationStopping.IsCancellationRequested: false });
    }

    /// <summary>The delivery queue's shard streams and their lengths (database 0: the connection string names no other).</summary>
    internal static async Task<Dictionary<string, long>> QueueLengthsAsync(ConnectionMultiplexer redis, IServer server)
    {
        var db = redis.GetDatabase(0);
        var lengths = new Dictionary<string, long>();
        await foreach (var key in server.KeysAsync(0, "sg:q:*"))
        {
            lengths[key!] = await db.StreamLengthAsync(key);
        }

        return lengths;
    }

    internal static long EvictedKeys(IGrouping<string, KeyValuePair<string, string>>[] info) =>
        long.Parse(info.SelectMany(g => g).First(p => p.Key == "evicted_keys").Value, System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<(HttpStatusCode Status, string? Id, string Body, System.Net.Http.Headers.RetryConditionHeaderValue? RetryAfter)> SendAsync(TestTenant tenant)
    {
        using var response = await tenant.SendAsync(new { from = new { email = "a@oom.test" }, to = new[] { new { email = $"r{Guid.NewGuid():N}@mx-ok.test" } }, subject = "s", text = "t" });
        var body = await response.Content.ReadAsStringAsync();
        var id = response.StatusCode == HttpStatusCode.Accepted ? JsonDocument.Parse(body).RootElement.GetProperty("messages")[0].GetProperty("id").GetString() : null;
        return (response.StatusCode, id, body, response.Headers.RetryAfter);
    }
}
