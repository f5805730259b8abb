using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.Server.Common;
using SendGateway.Server.EventContract;
using SendGateway.Server.Queue;
using StackExchange.Redis;

namespace SendGateway.IntegrationTests.Privacy;

/// <summary>
/// reliability.md T104, the places <see cref="LogHygieneTests"/> does not search: Redis key names (queued, scheduled,
/// suppressed and idempotent sends to canary recipients), the metadata of dead letters (a queue entry that cannot be
/// delivered and an event PostgreSQL refuses, both about canaries: their reason, source, time and stream id, beside the
/// entry they keep for a replay), and the console of the real executable serving API, delivery and events.
/// </summary>
[TestFixture]
public sealed class CanaryStoresTests
{
    private static readonly string Run = Guid.NewGuid().ToString("N")[..10];

    private static List<string> Forms(IEnumerable<string> secrets) =>
        [.. secrets.SelectMany(c => new[] { c, JsonEncodedText.Encode(c).ToString(), Uri.EscapeDataString(c) }).Select(s => s.ToLowerInvariant()).Distinct()];

    private static string? LeakIn(string text, IReadOnlyList<string> forbidden) => forbidden.FirstOrDefault(f => text.ToLowerInvariant().Contains(f, StringComparison.Ordinal));

    private static async Task<string> SendAsync(HttpClient client, string to, DateTimeOffset? sendAt = null, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages")
        {
            Content = JsonContent.Create(new { from = new { email = "a@canary-acme.test" }, to = new[] { new { email = to } }, subject = "Subject " + Run, text = "Body " + Run, send_at = sendAt }),
        };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        using var response = await client.SendAsync(request);
        Assert.That((int)response.StatusCode, Is.EqualTo(202), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;
    }

    [Test]
    public async Task NoRedisKeyNameOrDeadLetterMetadataHoldsACanaryAddress()
    {
        await using var api = new SendGatewayFactory("api,events", new Dictionary<string, string?> { ["SendGateway:Events:MaxRefusedAttempts"] = "1" });
        using var tenant = await api.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, "canary-acme.test");
        string[] canaries = [$"ok-canary{Run}@mx-ok.test", $"poison-canary{Run}@mx-ok.test", $"later-canary{Run}@mx-ok.test", $"gone-canary{Run}@example.test", $"refused-canary{Run}@mx-ok.test"];
        using var redis = await ConnectionMultiplexer.ConnectAsync(api.RedisConnectionString + ",allowAdmin=true");
        var db = redis.GetDatabase();

        var delivered = await SendAsync(tenant.Client, canaries[0], idempotencyKey: canaries[0]); // a client may even use the address as its key
        var poisoned = await SendAsync(tenant.Client, canaries[1]);
        await SendAsync(tenant.Client, canaries[2], DateTimeOffset.UtcNow.AddHours(1));
        (await tenant.Client.PostAsJsonAsync("/v1/suppressions", new { suppressions = new[] { new { email = canaries[3] } } })).EnsureSuccessStatusCode();
        // The poisoned message's stored content is spoiled before any worker runs: its attempts fail, it is dead-lettered.
        var shard = QueueKeys.ShardOf("mx-ok.test", 4);
        var entry = JsonDocument.Parse((string)(await db.StreamRangeAsync(QueueKeys.Stream(shard), "-", "+")).Single(e => ((string)e["e"]!).Contains(poisoned, StringComparison.Ordinal))["e"]!).RootElement;
        await db.HashSetAsync(QueueKeys.Body(shard, entry.GetProperty("batch_id").GetString()!), "c", "{not json");
        // An event about a canary that PostgreSQL refuses (a NUL in its reason), written as the queue writes events.
        var refused = new EventRecord
        {
            Id = Ids.New("evt"), Type = EventTypes.Injected, Timestamp = DateTimeOffset.UtcNow, MessageId = Ids.New("msg"), BatchId = Ids.New("bat"), Sequence = 1,
            Recipient = canaries[4], RecipientDomain = "mx-ok.test", From = "a@canary-acme.test", Reason = "bad\0reason", TenantId = tenant.Id,
        };
        await db.StreamAddAsync(QueueKeys.Events(shard), "e", JsonSerializer.Serialize(refused, EventJsonContext.Default.EventRecord));

        await using var worker = new SendGatewayFactory(
            "delivery", new Dictionary<string, string?> { ["SendGateway:Delivery:MaxUnexpectedFailures"] = "1" }, redisDatabase: api.RedisDatabase, postgresDatabase: api.PostgresDatabase);
        _ = worker.Services;
        await tenant.WaitForIngestedStatusAsync(delivered, "ok", seconds: 60);
        var deadKeys = Enumerable.Range(0, 4).Select(s => (RedisKey)DeadLetters.Key(s)).ToList();
        var letters = await Polling.UntilAsync(
            async () => (await Task.WhenAll(deadKeys.Select(k => db.StreamRangeAsync(k, "-", "+")))).SelectMany(e => e).ToList(),
            l => l.Count(e => e.Values.Any(v => ((string)v.Value!).Contains(poisoned, StringComparison.Ordinal) || ((string)v.Value!).Contains(refused.MessageId, StringComparison.Ordinal))) == 2,
            TimeSpan.FromSeconds(90));
        var ours = letters.Where(e => e.Values.Any(v => ((string)v.Value!).Contains(poisoned, StringComparison.Ordinal) || ((string)v.Value!).Contains(refused.MessageId, StringComparison.Ordinal))).ToList();
        Assert.That(ours, Has.Count.EqualTo(2), "the undeliverable entry and the refused event are dead letters");

        var forbidden = Forms(canaries);
        foreach (var letter in ours)
        {
            var metadata = letter.Values.Where(v => ((string)v.Name!).StartsWith("dl:", StringComparison.Ordinal)).ToList();
            Assert.That(metadata.Select(v => (string)v.Name!), Does.Contain("dl:reason").And.Contain("dl:source"), "the dead letter's own fields");
            foreach (var field in metadata)
            {
                Assert.That(LeakIn($"{field.Name} {field.Value}", forbidden), Is.Null, $"dead-letter metadata {field.Name} = {field.Value}");
            }
        }

        var keys = new List<string>();
        await foreach (var key in redis.GetServer(redis.GetEndPoints()[0]).KeysAsync(api.RedisDatabase, "*"))
        {
            keys.Add(key!);
        }

        Assert.That(keys, Has.Count.GreaterThan(10), "the run left queues, bodies, schedules, mirrors and stored responses");
        Assert.That(keys.Select(k => (Key: k, Leak: LeakIn(k, forbidden))).Where(k => k.Leak is not null), Is.Empty, "a Redis key name holds a canary");
    }

    [Test]
    public async Task TheRealExecutablesConsoleHoldsNoCanaryAddressBodyOrSecret()
    {
        await using var factory = new SendGatewayFactory("api");
        using var tenant = await factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, "canary-acme.test");
        var port = ProcessRunner.FreePort();
        var server = CapturedProcess.Start(ServerProcess.StartInfo(
            factory.EnvironmentFor("api,delivery,events", new Dictionary<string, string> { ["urls"] = $"http://127.0.0.1:{port}" }), ["serve"]));
        string[] canaries = [$"console-canary{Run}@mx-ok.test", $"nouser-canary{Run}@mx-ok.test", $"hardbounce+canary{Run}@simulator.sendgateway.test"];
        await using (server)
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tenant.ApiKey);
            var up = await Polling.UntilAsync(
                async () =>
                {
                    try
                    {
                        return (await client.GetAsync("/v1/domains")).IsSuccessStatusCode;
                    }
                    catch (HttpRequestException)
                    {
                        return server.Process.HasExited;
                    }
                },
                ok => ok, TimeSpan.FromSeconds(120));
            Assert.That(up && !server.Process.HasExited, Is.True, "the process serves: " + server.Output);

            var ids = new List<string>();
            foreach (var canary in canaries)
            {
                ids.Add(await SendAsync(client, canary));
            }

            (await client.PostAsJsonAsync("/v1/suppressions", new { suppressions = new[] { new { email = canaries[0] } } })).EnsureSuccessStatusCode();
            (await client.GetAsync($"/v1/events?recipient={Uri.EscapeDataString(canaries[1])}")).EnsureSuccessStatusCode();
            (await client.GetAsync($"/v1/suppressions/{canaries[0]}")).EnsureSuccessStatusCode();
            (await client.GetAsync($"/v1/privacy/export?email={Uri.EscapeDataString(canaries[2])}")).EnsureSuccessStatusCode();
            var final = await Polling.UntilAsync(
                async () => await Task.WhenAll(ids.Select(async id => (await client.GetFromJsonAsync<JsonElement>($"/v1/messages/{id}")).GetProperty("status").GetString())),
                s => s.All(x => x is "ok" or "hardbounce"), TimeSpan.FromSeconds(90));
            Assert.That(final, Is.EqualTo(new[] { "ok", "hardbounce", "hardbounce" }), "the process delivered and recorded every outcome");
            (await client.PostAsJsonAsync("/v1/privacy/erasures", new { emails = canaries })).EnsureSuccessStatusCode();
            // Positive signal that the process logged through the run: its ingester has stored the erasure's effect.
            var erased = await Polling.UntilAsync(() => client.GetAsync($"/v1/messages/{ids[0]}"), r => r.StatusCode == System.Net.HttpStatusCode.NotFound, TimeSpan.FromSeconds(30));
            Assert.That(erased.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.NotFound));
        }

        var console = server.Output;
        Assert.That(console, Does.Contain("Now listening on"), "the console was captured");
        var forbidden = Forms(canaries.Append("Body " + Run).Append(tenant.ApiKey.Split('_')[2]));
        var leaks = console.Split('\n').Where(l => LeakIn(l, forbidden) is not null).ToList();
        Assert.That(leaks, Is.Empty, "console lines holding a canary, the body or the key's secret");
    }
}
