using System.Text;
using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.Server.Queue;
using StackExchange.Redis;

namespace SendGateway.IntegrationTests.Relay;

/// <summary>
/// reliability.md T77 through the relay: <c>X-SG-Max-Delivery-Seconds</c> gives a submitted message its own lifetime
/// (REST's <c>max_delivery_seconds</c>), on a moved clock (<see cref="AdjustableTimeProvider"/>). The header is removed
/// before delivery; a value that is not whole seconds within the bounds is refused naming the header, nothing queued.
/// </summary>
[TestFixture]
public sealed class RelayMessageLifetimeTests : RelayFixture
{
    private readonly AdjustableTimeProvider _clock = new();

    protected override TimeProvider? Clock => _clock;

    [Test]
    public async Task AFifteenMinuteLifetimeHeaderBouncesTheUndeliverableCopyWith547AndLeavesTheHeaderOut()
    {
        var failing = $"tempfail-always-{Guid.NewGuid():N}@mx-ok.test";
        var ok = $"otp-{Guid.NewGuid():N}@mx-ok.test";
        await using (var client = await AuthenticatedAsync())
        {
            Assert.That(await client.SendAsync($"MAIL FROM:<app@{Domain}>\r\nRCPT TO:<{failing}>\r\nRCPT TO:<{ok}>\r\n", replies: 3), Does.Contain("250 2.1.5"));
            Assert.That(await client.SendAsync("DATA\r\n"), Does.StartWith("354"));
            var reply = await client.SendAsync($"From: app@{Domain}\r\nSubject: Your code\r\nX-SG-Max-Delivery-Seconds: 900\r\n\r\n123456\r\n.\r\n");
            Assert.That(reply, Does.StartWith("250 2.0.0"));
        }

        await Tenant.WaitForStatusAsync(await MessageIdForAsync(ok), "ok");
        var delivered = TestEnvironment.Mx1.For(ok).Concat(TestEnvironment.Mx2.For(ok)).Single();
        Assert.That(Encoding.UTF8.GetString(delivered.Content), Does.Not.Contain("X-SG-Max-Delivery-Seconds"), "a control header never leaves");

        var id = await MessageIdForAsync(failing);
        await Tenant.WaitForStatusAsync(id, "softbounce", seconds: 60);
        _clock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1)); // far short of the queue's 5 days
        var message = await Tenant.WaitForStatusAsync(id, "hardbounce", seconds: 60);
        var last = message.GetProperty("events").EnumerateArray().Last();
        Assert.That(last.GetProperty("bounce").GetProperty("class").GetString(), Is.EqualTo("MessageExpired"), message.ToString());
        Assert.That(last.GetProperty("smtp").GetProperty("enhanced_code").GetString(), Is.EqualTo("5.4.7"));
        await using var redis = await ConnectionMultiplexer.ConnectAsync(Factory.RedisConnectionString);
        var shard = QueueKeys.ShardOf("mx-ok.test", 4);
        await Polling.UntilAsync(async () => (await redis.GetDatabase().StreamPendingAsync(QueueKeys.Stream(shard), QueueKeys.DeliveryGroup)).PendingMessageCount, n => n == 0, TimeSpan.FromSeconds(30));
        Assert.That(await redis.GetDatabase().SortedSetLengthAsync(QueueKeys.Scheduled(shard)), Is.Zero, "not scheduled again");
    }

    [TestCase("soon")]
    [TestCase("-900")]
    [TestCase("432001")]
    [TestCase("59")]
    public async Task ABadLifetimeHeaderIsRefusedNamingItAndNothingIsQueued(string value)
    {
        var rcpt = $"otp-{Guid.NewGuid():N}@mx-ok.test";
        await using var client = await AuthenticatedAsync();
        Assert.That(await client.SendAsync($"MAIL FROM:<app@{Domain}>\r\nRCPT TO:<{rcpt}>\r\n", replies: 2), Does.Contain("250 2.1.5"));
        Assert.That(await client.SendAsync("DATA\r\n"), Does.StartWith("354"));
        var reply = await client.SendAsync($"From: app@{Domain}\r\nX-SG-Max-Delivery-Seconds: {value}\r\n\r\n123456\r\n.\r\n");
        Assert.That(reply, Does.StartWith("554 5.6.0 Error: invalid X-SG-Max-Delivery-Seconds"));
        await AssertNothingQueuedAsync(rcpt);
    }
}
