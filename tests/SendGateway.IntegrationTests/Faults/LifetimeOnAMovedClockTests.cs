using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.Server.Queue;
using StackExchange.Redis;

namespace SendGateway.IntegrationTests.Faults;

/// <summary>
/// reliability.md T77 and T80 on the running pipeline with a moved clock (<see cref="AdjustableTimeProvider"/>): the
/// retries' due times in the shard's schedule follow the configured back-off (doubling, capped, within the jitter); a
/// destination that always answers 451 is retried until the default 5-day lifetime (still after 4 days), then bounced
/// <c>5.4.7</c> with its entry acknowledged; the lifetime counts from the stored acceptance time, not from when a
/// delivery worker started.
/// </summary>
[TestFixture]
public sealed class LifetimeOnAMovedClockTests
{
    private const int Shards = 4;

    [Test]
    public async Task T80RetriesAreDueAsTheBackOffSaysDoublingUpToItsCap()
    {
        var clock = new AdjustableTimeProvider();
        await using var factory = new SendGatewayFactory(settings: new Dictionary<string, string?>
        {
            ["SendGateway:Delivery:Retry:FirstDelay"] = "00:01:00",
            ["SendGateway:Delivery:Retry:MaxDelay"] = "00:04:00",
            ["SendGateway:Delivery:Retry:Jitter"] = "0.1",
            ["SendGateway:Delivery:MaxQueueLifetime"] = "5.00:00:00",
        }, clock: clock);
        using var tenant = await factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, "backoff-clock.test");
        await using var redis = await ConnectionMultiplexer.ConnectAsync(factory.RedisConnectionString);
        var id = await SendAsync(tenant, "backoff-clock.test", $"tempfail-always-{Guid.NewGuid():N}@mx-ok.test");

        // Attempt n fails, the next is due FirstDelay × 2^(n-1) later (capped at MaxDelay), ± 10 %.
        foreach (var (attempt, minutes) in new[] { (1, 1.0), (2, 2.0), (3, 4.0), (4, 4.0) })
        {
            await Polling.UntilAsync(async () => Softbounces(await tenant.WaitForStatusAsync(id, "softbounce", seconds: 60)), n => n >= attempt, TimeSpan.FromSeconds(60));
            var due = await DueAsync(redis.GetDatabase());
            var wait = due - clock.GetUtcNow();
            Assert.That(wait.TotalSeconds, Is.InRange((minutes * 60 * 0.9) - 10, minutes * 60 * 1.1), $"after attempt {attempt}");
            clock.Advance(wait + TimeSpan.FromSeconds(1));
        }
    }

    [Test]
    public async Task T77AnAlways451DestinationIsRetriedUntilTheFiveDayLifetimeThenBouncedWith547()
    {
        var clock = new AdjustableTimeProvider();
        await using var factory = new SendGatewayFactory(clock: clock); // the default lifetime: 5 days (RFC 5321 §4.5.4.1)
        using var tenant = await factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, "lifetime-clock.test");
        var id = await SendAsync(tenant, "lifetime-clock.test", $"tempfail-always-{Guid.NewGuid():N}@mx-ok.test");
        var acceptedAt = (await tenant.WaitForStatusAsync(id, "softbounce", seconds: 60)).GetProperty("accepted_at").GetDateTimeOffset();

        clock.Advance(TimeSpan.FromDays(4));
        var retried = await Polling.UntilAsync(
            async () => await tenant.WaitForStatusAsync(id, "softbounce", seconds: 60),
            m => m.GetProperty("events").EnumerateArray().Any(e => e.GetProperty("type").GetString() != "injected" && e.GetProperty("timestamp").GetDateTimeOffset() >= acceptedAt.AddDays(4)),
            TimeSpan.FromSeconds(60));
        Assert.That(retried.GetProperty("events").EnumerateArray().Last().GetProperty("type").GetString(), Is.EqualTo("softbounce"), "still retried after 4 days: " + retried);

        clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        var message = await tenant.WaitForStatusAsync(id, "hardbounce", seconds: 60);
        var events = message.GetProperty("events").EnumerateArray().ToList();
        Assert.That(events.Where(e => e.GetProperty("type").GetString() == "softbounce").Select(e => e.GetProperty("smtp").GetProperty("code").GetInt32()), Is.Not.Empty.And.All.EqualTo(451));
        var last = events[^1];
        Assert.That(last.GetProperty("bounce").GetProperty("class").GetString(), Is.EqualTo("MessageExpired"), last.ToString());
        Assert.That(last.GetProperty("smtp").GetProperty("enhanced_code").GetString(), Is.EqualTo("5.4.7"));
        await using var redis = await ConnectionMultiplexer.ConnectAsync(factory.RedisConnectionString);
        var shard = QueueKeys.ShardOf("mx-ok.test", Shards);
        var pending = await redis.GetDatabase().StreamPendingAsync(QueueKeys.Stream(shard), QueueKeys.DeliveryGroup);
        Assert.That(pending.PendingMessageCount, Is.Zero, "acknowledged with the final event");
        Assert.That(await redis.GetDatabase().SortedSetLengthAsync(QueueKeys.Scheduled(shard)), Is.Zero, "and not scheduled again");
    }

    [Test]
    public async Task T80TheLifetimeCountsFromAcceptanceNotFromWhenAWorkerStarted()
    {
        var clock = new AdjustableTimeProvider();
        var lifetime = new Dictionary<string, string?> { ["SendGateway:Delivery:MaxQueueLifetime"] = "5.00:00:00" };
        await using var api = new SendGatewayFactory("api,events", lifetime, clock: clock);
        using var tenant = await api.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, "late-worker.test");
        var rcpt = $"late-{Guid.NewGuid():N}@mx-ok.test";
        var id = await SendAsync(tenant, "late-worker.test", rcpt);
        await tenant.WaitForIngestedStatusAsync(id, "injected");

        clock.Advance(TimeSpan.FromDays(5) + TimeSpan.FromMinutes(1)); // no delivery worker ran meanwhile
        await using var worker = new SendGatewayFactory("delivery", lifetime, redisDatabase: api.RedisDatabase, postgresDatabase: api.PostgresDatabase, clock: clock);
        worker.StartServer();
        var message = await tenant.WaitForStatusAsync(id, "hardbounce", seconds: 60);
        Assert.That(message.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()), Is.EqualTo(new[] { "injected", "hardbounce" }), message.ToString());
        Assert.That(message.GetProperty("events")[1].GetProperty("smtp").GetProperty("enhanced_code").GetString(), Is.EqualTo("5.4.7"));
        Assert.That(TestEnvironment.Mx1.For(rcpt).Concat(TestEnvironment.Mx2.For(rcpt)), Is.Empty, "expired before any attempt");
    }

    private static int Softbounces(JsonElement message) => message.GetProperty("events").EnumerateArray().Count(e => e.GetProperty("type").GetString() == "softbounce");

    /// <summary>The one scheduled entry's due time (the schedule's score: Unix milliseconds).</summary>
    private static async Task<DateTimeOffset> DueAsync(IDatabase db)
    {
        var entries = await db.SortedSetRangeByRankWithScoresAsync(QueueKeys.Scheduled(QueueKeys.ShardOf("mx-ok.test", Shards)));
        Assert.That(entries, Has.Length.EqualTo(1), "one retry scheduled");
        return DateTimeOffset.FromUnixTimeMilliseconds((long)entries[0].Score);
    }

    private static async Task<string> SendAsync(TestTenant tenant, string domain, string rcpt)
    {
        using var response = await tenant.SendAsync(new { from = new { email = $"a@{domain}" }, to = new[] { new { email = rcpt } }, subject = "s", text = "t" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;
    }
}
