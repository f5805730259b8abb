using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.Server.EventContract;
using SendGateway.Server.Queue;
using StackExchange.Redis;

namespace SendGateway.IntegrationTests.Delivery;

/// <summary>
/// Issue 20: outcomes recorded at the same moment on one shard go to Redis together (one script for many). Each must
/// still be recorded as if alone: its events appended, its retry scheduled or its share of the body released, and its
/// entry acknowledged and gone from the stream.
/// </summary>
[TestFixture]
public sealed class ShardCompletionsTests
{
    [Test]
    public async Task ConcurrentOutcomesOfOneShardAreEachRecorded()
    {
        const int count = 60;
        const string domain = "completions.test";
        await using var factory = new SendGatewayFactory("api"); // no delivery role: the test holds the entries itself
        using var tenant = await factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, "completions-acme.test");
        var response = await tenant.SendAsync(new
        {
            from = new { email = "a@completions-acme.test" }, subject = "s", text = "t",
            to = Enumerable.Range(0, count).Select(i => new { email = $"r{i}@{domain}" }).ToArray(),
        });
        Assert.That((int)response.StatusCode, Is.EqualTo(202), await response.Content.ReadAsStringAsync());

        var queue = factory.Services.GetRequiredService<OutboundQueue>();
        var shard = queue.ShardOf(domain);
        await queue.EnsureGroupsAsync(CancellationToken.None); // a delivery worker's first step
        var leased = await queue.ReadAsync(shard, "test-consumer", count, CancellationToken.None);
        Assert.That(leased, Has.Count.EqualTo(count), "every recipient queued on the domain's shard");
        await using var redis = await ConnectionMultiplexer.ConnectAsync(factory.RedisConnectionString);
        var db = redis.GetDatabase();
        var eventsBefore = await db.StreamLengthAsync(QueueKeys.Events(shard));
        var body = QueueKeys.Body(shard, leased[0].Entry.BatchId);

        // Every other outcome a retry (scheduled, the body kept for it); the rest final, two events each. All at once.
        var retryAt = DateTimeOffset.UtcNow.AddHours(1);
        var content = new BatchContent { FromEmail = "a@completions-acme.test" };
        await Task.WhenAll(leased.Select((l, i) => i % 2 == 0
            ? queue.CompleteAsync(l, [EventFactory.Create(l.Entry, content, EventTypes.SoftBounce, DateTimeOffset.UtcNow)], l.Entry with { Attempt = 1 }, retryAt, CancellationToken.None)
            : queue.CompleteAsync(l, [EventFactory.Create(l.Entry, content, EventTypes.Ok, DateTimeOffset.UtcNow), EventFactory.Create(l.Entry, content, EventTypes.Open, DateTimeOffset.UtcNow)], null, retryAt, CancellationToken.None)));

        Assert.That(await db.StreamLengthAsync(QueueKeys.Stream(shard)), Is.Zero, "every entry deleted from the stream");
        var pending = await db.StreamPendingAsync(QueueKeys.Stream(shard), QueueKeys.DeliveryGroup);
        Assert.That(pending.PendingMessageCount, Is.Zero, "every entry acknowledged");
        var appended = await db.StreamRangeAsync(QueueKeys.Events(shard), count: (int)(eventsBefore + (count * 2)));
        var types = appended.Skip((int)eventsBefore).Select(e => JsonDocument.Parse((string)e["e"]!).RootElement.GetProperty("type").GetString()).ToList();
        Assert.That(types.Count(t => t == EventTypes.SoftBounce), Is.EqualTo(count / 2));
        Assert.That(types.Count(t => t == EventTypes.Ok), Is.EqualTo(count / 2));
        Assert.That(types.Count(t => t == EventTypes.Open), Is.EqualTo(count / 2));
        var scheduled = await db.SortedSetRangeByScoreWithScoresAsync(QueueKeys.Scheduled(shard));
        Assert.That(scheduled, Has.Length.EqualTo(count / 2), "each retry scheduled");
        Assert.That(scheduled.Select(s => (long)s.Score).Distinct(), Is.EqualTo(new[] { retryAt.ToUnixTimeMilliseconds() }));
        Assert.That((long)await db.HashGetAsync(body, "r"), Is.EqualTo(count / 2), "the final outcomes released their share of the body, the retries kept theirs");
    }
}
