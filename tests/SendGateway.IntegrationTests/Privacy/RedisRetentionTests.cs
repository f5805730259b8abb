using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.Server.Queue;
using StackExchange.Redis;

namespace SendGateway.IntegrationTests.Privacy;

/// <summary>
/// reliability.md T106 in Redis, on a moved clock (the service's <see cref="TimeProvider"/>; Redis's own TTLs run on
/// Redis's clock and are asserted as set and bounded, not waited for). Every key of the factory's Redis database is
/// scanned and every value read (strings, hashes, streams, sets, sorted sets, lists): once messages reach their final
/// statuses no key or value holds a recipient's address or the body's marker, except the families documented in
/// docs/data-protection (retention in Redis): the suppression mirror (the tenant's list, as long as its entry), a dead
/// letter until <c>Queue:DeadLetterRetention</c> runs out by the job's clock, and a dead letter's batch body under its TTL.
/// </summary>
[TestFixture]
public sealed class RedisRetentionTests
{
    private const int Shards = 4;

    [Test]
    public async Task AfterEveryFinalStatusRedisHoldsNoAddressOrContentBeyondItsBoundedFamilies()
    {
        var run = Guid.NewGuid().ToString("N")[..12];
        var clock = new AdjustableTimeProvider();
        var settings = new Dictionary<string, string?>
        {
            ["SendGateway:Delivery:MaxQueueLifetime"] = "1.00:00:00",
            ["SendGateway:Delivery:MaxUnexpectedFailures"] = "1",
            ["SendGateway:Privacy:JobInterval"] = "00:00:00.200",
            ["SendGateway:Queue:DeadLetterRetention"] = "7.00:00:00",
        };
        await using var api = new SendGatewayFactory("api,events", settings, clock: clock);
        using var tenant = await api.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, "retain-redis.test");
        string ok = $"ok-{run}@mx-ok.test", nouser = $"nouser-{run}@mx-ok.test", suppressed = $"listed-{run}@mx-ok.test";
        string expiring = $"tempfail-always-{run}@mx-ok.test", poisoned = $"poison-{run}@mx-ok.test", marker = $"marker-{run}";
        (await tenant.Client.PostAsJsonAsync("/v1/suppressions", new { suppressions = new[] { new { email = suppressed } } })).EnsureSuccessStatusCode();
        var ids = new Dictionary<string, string>();
        foreach (var to in new[] { ok, nouser, suppressed, expiring, poisoned })
        {
            ids[to] = await SendAsync(tenant, to, marker, idempotencyKey: to == ok ? "key-" + run : null);
        }

        await using var redis = await ConnectionMultiplexer.ConnectAsync(api.RedisConnectionString + ",allowAdmin=true");
        var db = redis.GetDatabase();
        // The poisoned message's stored content is spoiled before any worker runs: its attempt throws, it is dead-lettered.
        var shard = QueueKeys.ShardOf("mx-ok.test", Shards);
        var entry = (await db.StreamRangeAsync(QueueKeys.Stream(shard), "-", "+")).Single(e => ((string)e["e"]!).Contains(ids[poisoned], StringComparison.Ordinal));
        var poisonedBody = QueueKeys.Body(shard, JsonDocument.Parse((string)entry["e"]!).RootElement.GetProperty("batch_id").GetString()!);
        await db.HashSetAsync(poisonedBody, "c", "{not json");

        await using var worker = new SendGatewayFactory("delivery", settings, redisDatabase: api.RedisDatabase, postgresDatabase: api.PostgresDatabase, clock: clock);
        worker.StartServer();
        await tenant.WaitForIngestedStatusAsync(ids[ok], "ok", seconds: 90);
        await tenant.WaitForStatusAsync(ids[nouser], "hardbounce", seconds: 90);
        await tenant.WaitForStatusAsync(ids[suppressed], "dropped", seconds: 90);
        await tenant.WaitForStatusAsync(ids[poisoned], "dropped", seconds: 90);
        await tenant.WaitForStatusAsync(ids[expiring], "softbounce", seconds: 90);
        clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1)); // past Delivery:MaxQueueLifetime
        var expired = await tenant.WaitForStatusAsync(ids[expiring], "hardbounce", seconds: 90);
        Assert.That(expired.GetProperty("events").EnumerateArray().Last().GetProperty("smtp").GetProperty("enhanced_code").GetString(), Is.EqualTo("5.4.7"), expired.ToString());

        string[] people = [ok, nouser, suppressed, expiring, poisoned];
        var forbidden = Forms([.. people, marker]);
        var mirror = $"sg:sup:{{t:{tenant.Id}}}";
        // Positive signal: the event streams are ingested and every entry completed, so only the bounded families are left.
        var before = await Polling.UntilAsync(() => StorageDump.RedisKeysAsync(redis, api.RedisDatabase), keys => Holders(keys, forbidden).All(k => k.Name == mirror || k.Name.StartsWith("sg:dead:", StringComparison.Ordinal)) && keys.Count(k => k.Name.StartsWith("sg:body:", StringComparison.Ordinal)) == 1, TimeSpan.FromSeconds(60));
        Assert.That(Holders(before, forbidden).Select(k => k.Name), Is.EquivalentTo(new[] { mirror, DeadLetters.Key(shard) }), Describe(before, forbidden));
        AssertBounded(before);
        var dead = before.Single(k => k.Name == DeadLetters.Key(shard)).Text;
        Assert.That(Leaks(dead, Forms([poisoned])), Is.True, "the dead letter keeps the thrown-out message's entry for a replay");
        Assert.That(Leaks(dead, Forms([ok, nouser, suppressed, expiring])), Is.False, "and nothing of the other messages");
        var sup = before.Single(k => k.Name == mirror).Text;
        foreach (var person in people)
        {
            var listed = (await tenant.Client.GetAsync($"/v1/suppressions/{Uri.EscapeDataString(person)}")).StatusCode == HttpStatusCode.OK;
            Assert.That(Leaks(sup, Forms([person])), Is.EqualTo(listed), $"{person}: in the suppression mirror exactly when on the tenant's list (PostgreSQL)");
        }

        Assert.That(Leaks(sup, Forms([nouser, suppressed])) && !Leaks(sup, Forms([ok, poisoned])), Is.True, "the hardbounced and the listed address are on the list, the delivered and the thrown-out one not");
        Assert.That(before.Single(k => k.Name.StartsWith("sg:body:", StringComparison.Ordinal)).Name, Is.EqualTo(poisonedBody), "the only body left is the dead letter's");

        clock.Advance(TimeSpan.FromDays(7)); // past Queue:DeadLetterRetention, within the tenants' retention
        var after = await Polling.UntilAsync(() => StorageDump.RedisKeysAsync(redis, api.RedisDatabase), keys => Holders(keys, forbidden).All(k => k.Name == mirror) && !keys.Any(k => k.Name.StartsWith("sg:body:", StringComparison.Ordinal)), TimeSpan.FromSeconds(60));
        Assert.That(Holders(after, forbidden).Select(k => k.Name), Is.EqualTo(new[] { mirror }), "past Queue:DeadLetterRetention the dead letter is gone: " + Describe(after, forbidden));
        Assert.That(after.Where(k => k.Name.StartsWith("sg:body:", StringComparison.Ordinal)).Select(k => k.Name), Is.Empty, "and its body with it");
        Assert.That(await db.StreamLengthAsync(DeadLetters.Key(shard)), Is.Zero);
        AssertBounded(after);
    }

    [Test]
    public async Task AMessageStillQueuedPastItsLifetimeIsExpiredAndItsContentLeavesRedis()
    {
        var run = Guid.NewGuid().ToString("N")[..12];
        var clock = new AdjustableTimeProvider();
        var lifetime = new Dictionary<string, string?> { ["SendGateway:Delivery:MaxQueueLifetime"] = "2.00:00:00" };
        await using var api = new SendGatewayFactory("api,events", lifetime, clock: clock);
        using var tenant = await api.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, "retain-redis.test");
        string rcpt = $"queued-{run}@mx-ok.test", marker = $"marker-{run}";
        var id = await SendAsync(tenant, rcpt, marker);
        await tenant.WaitForIngestedStatusAsync(id, "injected");
        await using var redis = await ConnectionMultiplexer.ConnectAsync(api.RedisConnectionString + ",allowAdmin=true");
        var forbidden = Forms([rcpt, marker]);
        var queued = await StorageDump.RedisKeysAsync(redis, api.RedisDatabase);
        Assert.That(queued.Count(k => k.Name.StartsWith("sg:body:", StringComparison.Ordinal)), Is.EqualTo(1), "the queued message's content is in Redis: " + Describe(queued, forbidden));
        Assert.That(Holders(queued, forbidden).Select(k => k.Name), Does.Contain(QueueKeys.Stream(QueueKeys.ShardOf("mx-ok.test", Shards))), "its entry names the recipient");

        clock.Advance(TimeSpan.FromDays(2) + TimeSpan.FromMinutes(1)); // no delivery worker ran meanwhile
        await using var worker = new SendGatewayFactory("delivery", lifetime, redisDatabase: api.RedisDatabase, postgresDatabase: api.PostgresDatabase, clock: clock);
        worker.StartServer();
        var message = await tenant.WaitForStatusAsync(id, "hardbounce", seconds: 90);
        Assert.That(message.GetProperty("events").EnumerateArray().Last().GetProperty("smtp").GetProperty("enhanced_code").GetString(), Is.EqualTo("5.4.7"), message.ToString());
        var mirror = $"sg:sup:{{t:{tenant.Id}}}";
        var after = await Polling.UntilAsync(() => StorageDump.RedisKeysAsync(redis, api.RedisDatabase), keys => Holders(keys, forbidden).All(k => k.Name == mirror) && !keys.Any(k => k.Name.StartsWith("sg:body:", StringComparison.Ordinal)), TimeSpan.FromSeconds(60));
        Assert.That(after.Where(k => k.Name.StartsWith("sg:body:", StringComparison.Ordinal)).Select(k => k.Name), Is.Empty, "the expired message's content left Redis with its final status");
        Assert.That(Holders(after, forbidden).Select(k => k.Name).Except([mirror]), Is.Empty, "no key or value names the recipient: " + Describe(after, forbidden));
        // The expiry is a hardbounce, which puts the address on the tenant's suppression list (and so in its mirror).
        var listed = (await tenant.Client.GetAsync($"/v1/suppressions/{Uri.EscapeDataString(rcpt)}")).StatusCode == HttpStatusCode.OK;
        Assert.That(Holders(after, forbidden).Any(k => k.Name == mirror), Is.EqualTo(listed), "the mirror names the address exactly when the tenant's list does");
        AssertBounded(after);
    }

    /// <summary>The families with a Redis TTL (docs/data-protection/redis-retention.md, at their defaults): every such key has one, within its bound.</summary>
    private static void AssertBounded(IReadOnlyList<RedisKeyDump> keys)
    {
        (string Prefix, TimeSpan Bound)[] bounded =
        [
            ("sg:body:", TimeSpan.FromDays(7)), ("sg:idem:", TimeSpan.FromHours(24)), ("sg:acc:", TimeSpan.FromHours(1)), ("sg:done:", TimeSpan.FromDays(7)),
            ("sg:opened:", TimeSpan.FromHours(1)), ("sg:hit:", TimeSpan.FromHours(1)), ("sg:pub:", TimeSpan.FromHours(1)), ("sg:unsub:", TimeSpan.FromDays(90)),
            ("sg:quota:", TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1)), ("sg:panel:session:", TimeSpan.FromDays(1)),
        ];
        foreach (var key in keys)
        {
            if (bounded.FirstOrDefault(b => key.Name.StartsWith(b.Prefix, StringComparison.Ordinal)) is { Prefix: not null } family)
            {
                Assert.That(key.Ttl, Is.Not.Null.And.GreaterThan(TimeSpan.Zero).And.LessThanOrEqualTo(family.Bound), $"{key.Name}: a TTL within {family.Bound}");
            }
        }
    }

    private static async Task<string> SendAsync(TestTenant tenant, string to, string marker, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages")
        {
            Content = JsonContent.Create(new { from = new { email = "a@retain-redis.test" }, to = new[] { new { email = to } }, subject = "Subject " + marker, text = "Body " + marker }),
        };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        using var response = await tenant.Client.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;
    }

    private static List<string> Forms(IEnumerable<string> secrets) =>
        [.. secrets.SelectMany(c => new[] { c, JsonEncodedText.Encode(c).ToString(), Uri.EscapeDataString(c) }).Select(s => s.ToLowerInvariant()).Distinct()];

    private static bool Leaks(string text, IReadOnlyList<string> forbidden) => forbidden.Any(f => text.Contains(f, StringComparison.OrdinalIgnoreCase));

    private static List<RedisKeyDump> Holders(IEnumerable<RedisKeyDump> keys, IReadOnlyList<string> forbidden) => [.. keys.Where(k => Leaks(k.Name + " " + k.Text, forbidden))];

    private static string Describe(IEnumerable<RedisKeyDump> keys, IReadOnlyList<string> forbidden) =>
        string.Join("; ", keys.Select(k => $"{k.Name} ({k.Type}, ttl {k.Ttl?.ToString() ?? "none"}{(Leaks(k.Name + " " + k.Text, forbidden) ? ", HOLDS PERSONAL DATA" : "")})"));
}
