using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.Server.Queue;
using StackExchange.Redis;

namespace SendGateway.IntegrationTests.Privacy;

/// <summary>
/// Issue 31 §4 (reliability.md T105): an erasure gets past entries it cannot decode (they name no tenant or recipient:
/// left in place and logged) and reaches the dead-letter streams too, so neither the recipient's queued entries and
/// pending events nor their dead letters survive it. Before, the first undecodable entry failed the whole erasure
/// and dead letters were never looked at.
/// </summary>
[TestFixture]
public sealed class QueueEraserTests
{
    private const string Domain = "mx-ok.test";

    [Test]
    public async Task AnErasureGetsPastUndecodableEntriesAndErasesTheRecipientsDeadLettersToo()
    {
        var logs = new CapturingLoggerProvider();
        await using var factory = new SendGatewayFactory("api", logs: logs); // no delivery or ingester: everything stays in Redis
        using var tenant = await factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, "eraser-acme.test");
        using var redis = await ConnectionMultiplexer.ConnectAsync(factory.RedisConnectionString);
        var db = redis.GetDatabase();
        var shard = QueueKeys.ShardOf(Domain, 4);
        var (queue, events, dead) = (QueueKeys.Stream(shard), QueueKeys.Events(shard), DeadLetters.Key(shard));

        var person = $"erase{Guid.NewGuid():N}@{Domain}";
        var other = $"keep{Guid.NewGuid():N}@{Domain}";
        var queued = await SendAsync(tenant, person);
        var parked = await SendAsync(tenant, person);
        await SendAsync(tenant, other);

        // Earlier faults moved the person's second queue entry and first injected event to the dead letters.
        var parkedEntry = await MoveToDeadLettersAsync(db, queue, dead, DeadLetters.QueueSource, parked);
        await MoveToDeadLettersAsync(db, events, dead, DeadLetters.EventsSource, queued);
        var parkedBody = QueueKeys.Body(shard, JsonDocument.Parse((string)parkedEntry["e"]!).RootElement.GetProperty("batch_id").GetString()!);
        Assert.That(await db.KeyExistsAsync(parkedBody), Is.True, "the dead-lettered entry's body is still held for a replay");

        // What a bug or a version skew could leave, in the queue, the events and the dead letters.
        await db.StreamAddAsync(queue, "e", "{not json");
        await db.StreamAddAsync(events, "x", "no payload");
        await db.StreamAddAsync(dead, [new("dl:source", "queue"), new("dl:stream_id", "1-1"), new("dl:reason", "undecodable"), new("dl:at", 0), new("e", "{garbage")]);
        Assert.That(Holds(await StorageDump.RedisAsync(factory), person), Is.True, "Redis holds the person's entries and dead letters before");

        using var response = await tenant.Client.PostAsJsonAsync("/v1/privacy/erasures", new { emails = new[] { person } });
        Assert.That(response.IsSuccessStatusCode, Is.True, await response.Content.ReadAsStringAsync());
        var counts = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(counts.GetProperty("queued_entries").GetInt64(), Is.EqualTo(2), "the queued entry and the dead-lettered one: " + counts);
        Assert.That(counts.GetProperty("pending_events").GetInt64(), Is.EqualTo(2), "the pending injected event and the dead-lettered one: " + counts);

        var after = await StorageDump.RedisAsync(factory);
        Assert.That(Holds(after, person), Is.False, "no entry or dead letter of the erased recipient is left in Redis");
        Assert.That(Holds(after, other), Is.True, "another recipient's entries stay");
        Assert.That(await db.KeyExistsAsync(parkedBody), Is.False, "the dead-lettered entry's body is released with it");
        Assert.That(await ValuesAsync(db, queue), Does.Contain("{not json"), "the undecodable queue entry is left");
        Assert.That(await ValuesAsync(db, events), Does.Contain("no payload"), "the undecodable event entry is left");
        Assert.That(await ValuesAsync(db, dead), Does.Contain("{garbage"), "the undecodable dead letter is left");
        foreach (var key in new[] { queue, events, dead })
        {
            Assert.That(logs.Lines.Any(l => l.Contains($"1 undecodable entries of {key}", StringComparison.Ordinal)), Is.True, $"the undecodable entry of {key} is logged");
        }
    }

    private static async Task<string> SendAsync(TestTenant tenant, string to)
    {
        using var response = await tenant.SendAsync(new { from = new { email = "a@eraser-acme.test" }, to = new[] { new { email = to } }, subject = "s", text = "t" });
        Assert.That((int)response.StatusCode, Is.EqualTo(202), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;
    }

    /// <summary>What <see cref="DeadLetters"/> does with an entry: its fields behind <c>dl:</c> metadata, gone from its stream.</summary>
    private static async Task<StreamEntry> MoveToDeadLettersAsync(IDatabase db, string stream, string dead, string source, string messageId)
    {
        var entry = (await db.StreamRangeAsync(stream, "-", "+")).Single(e => ((string)e["e"]!).Contains(messageId, StringComparison.Ordinal));
        await db.StreamAddAsync(dead, [new("dl:source", source), new("dl:stream_id", entry.Id), new("dl:reason", "test"), new("dl:at", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()), .. entry.Values]);
        await db.StreamDeleteAsync(stream, [entry.Id]);
        return entry;
    }

    private static async Task<List<string>> ValuesAsync(IDatabase db, string stream) =>
        [.. (await db.StreamRangeAsync(stream, "-", "+")).SelectMany(e => e.Values).Select(v => (string)v.Value!)];

    private static bool Holds(string dump, string address) => dump.Contains(address, StringComparison.OrdinalIgnoreCase);
}
