using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.Server.Queue;
using StackExchange.Redis;

namespace SendGateway.IntegrationTests.Faults;

/// <summary>
/// reliability.md T77, a message's own lifetime (<c>max_delivery_seconds</c>) on a moved clock
/// (<see cref="AdjustableTimeProvider"/>): a one-time code that may live 15 minutes, sent to an MX that always answers
/// 451, is retried within those minutes; the retry the back-off would put after them is due at their end instead, and
/// there the message is bounced <c>MessageExpired</c> <c>5.4.7</c>, its entry acknowledged and nothing scheduled again.
/// A lifetime longer than the queue's (or shorter than the minimum) is a 422 naming the field.
/// </summary>
[TestFixture]
public sealed class MessageLifetimeTests
{
    private const int Shards = 4;
    private static readonly TimeSpan Otp = TimeSpan.FromMinutes(15);

    [Test]
    public async Task AFifteenMinuteOtpIsRetriedWithinItsLifetimeThenBouncedWith547AtItsEnd()
    {
        var clock = new AdjustableTimeProvider();
        await using var factory = new SendGatewayFactory(settings: new Dictionary<string, string?>
        {
            // The back-off's second wait (20 min) ends past the 15-minute lifetime.
            ["SendGateway:Delivery:Retry:FirstDelay"] = "00:10:00",
            ["SendGateway:Delivery:Retry:MaxDelay"] = "01:00:00",
            ["SendGateway:Delivery:Retry:Jitter"] = "0",
        }, clock: clock);
        using var tenant = await factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, "otp-lifetime.test");
        await using var redis = await ConnectionMultiplexer.ConnectAsync(factory.RedisConnectionString);
        var db = redis.GetDatabase();
        var before = clock.GetUtcNow();
        var id = await SendAsync(tenant, "otp-lifetime.test", $"tempfail-always-{Guid.NewGuid():N}@mx-ok.test", (int)Otp.TotalSeconds);
        var after = clock.GetUtcNow();

        await Polling.UntilAsync(async () => Softbounces(await tenant.WaitForStatusAsync(id, "softbounce", seconds: 60)), n => n >= 1, TimeSpan.FromSeconds(60));
        var second = await DueAsync(db);
        Assert.That(second - before, Is.LessThan(Otp), "the second attempt is due within the lifetime");
        clock.Advance(second - clock.GetUtcNow() + TimeSpan.FromSeconds(1));

        await Polling.UntilAsync(async () => Softbounces(await tenant.WaitForStatusAsync(id, "softbounce", seconds: 60)), n => n >= 2, TimeSpan.FromSeconds(60));
        var third = await DueAsync(db);
        Assert.That(third, Is.InRange(before + Otp, after + Otp), "the back-off's next wait ends past the lifetime: due at its end, not later");

        clock.Advance(third - clock.GetUtcNow() + TimeSpan.FromSeconds(1));
        var message = await tenant.WaitForStatusAsync(id, "hardbounce", seconds: 60);
        var events = message.GetProperty("events").EnumerateArray().ToList();
        Assert.That(events.Select(e => e.GetProperty("type").GetString()), Is.EqualTo(new[] { "injected", "softbounce", "softbounce", "hardbounce" }), message.ToString());
        Assert.That(events[^1].GetProperty("bounce").GetProperty("class").GetString(), Is.EqualTo("MessageExpired"));
        Assert.That(events[^1].GetProperty("smtp").GetProperty("enhanced_code").GetString(), Is.EqualTo("5.4.7"));
        var shard = QueueKeys.ShardOf("mx-ok.test", Shards);
        Assert.That((await db.StreamPendingAsync(QueueKeys.Stream(shard), QueueKeys.DeliveryGroup)).PendingMessageCount, Is.Zero, "acknowledged with the final event");
        Assert.That(await db.SortedSetLengthAsync(QueueKeys.Scheduled(shard)), Is.Zero, "and not scheduled again");
    }

    [TestCase(432_001, TestName = "ALifetimeLongerThanTheQueuesIsRefused")]
    [TestCase(59, TestName = "ALifetimeShorterThanTheMinimumIsRefused")]
    public async Task ALifetimeOutsideItsBoundsIsA422NamingTheField(int seconds)
    {
        await using var factory = new SendGatewayFactory("api");
        using var tenant = await factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, "lifetime-bounds.test");
        using var response = await tenant.SendAsync(Request("lifetime-bounds.test", $"r-{Guid.NewGuid():N}@mx-ok.test", seconds));
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity), body);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.That(problem.GetProperty("errors").TryGetProperty("max_delivery_seconds", out var error), Is.True, body);
        Assert.That(error[0].GetString(), Does.Contain("60 to 432000 seconds"), "the bounds: the minimum and the queue's 5 days");
    }

    private static object Request(string domain, string rcpt, int maxDeliverySeconds) =>
        new { from = new { email = $"otp@{domain}" }, to = new[] { new { email = rcpt } }, subject = "Your code", text = "123456", max_delivery_seconds = maxDeliverySeconds };

    private static int Softbounces(JsonElement message) => message.GetProperty("events").EnumerateArray().Count(e => e.GetProperty("type").GetString() == "softbounce");

    /// <summary>The one scheduled entry's due time (the schedule's score: Unix milliseconds).</summary>
    private static async Task<DateTimeOffset> DueAsync(IDatabase db)
    {
        var entries = await db.SortedSetRangeByRankWithScoresAsync(QueueKeys.Scheduled(QueueKeys.ShardOf("mx-ok.test", Shards)));
        Assert.That(entries, Has.Length.EqualTo(1), "one retry scheduled");
        return DateTimeOffset.FromUnixTimeMilliseconds((long)entries[0].Score);
    }

    private static async Task<string> SendAsync(TestTenant tenant, string domain, string rcpt, int maxDeliverySeconds)
    {
        using var response = await tenant.SendAsync(Request(domain, rcpt, maxDeliverySeconds));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;
    }
}
