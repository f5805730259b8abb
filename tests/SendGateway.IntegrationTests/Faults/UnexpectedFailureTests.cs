using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.Server.Queue;
using StackExchange.Redis;

namespace SendGateway.IntegrationTests.Faults;

/// <summary>
/// reliability.md T89, T113: an attempt that throws what the worker does not understand (here its batch's stored content
/// is not JSON: a poison entry) is a temporary failure, retried with the back-off, and after
/// <c>Delivery:MaxUnexpectedFailures</c> attempts the entry goes to the dead letters with its reason and the message gets
/// a <c>dropped</c> event (reason <c>internal_error</c>: seen in its status, the events API and a webhook); never dropped
/// on a first throw; the stream keeps flowing, and once the cause is gone a replay delivers it, its <c>ok</c> after the
/// <c>dropped</c> and its status moved on to <c>ok</c> (the operator's override).
/// </summary>
[TestFixture]
public sealed class UnexpectedFailureTests
{
    [Test]
    public async Task AThrowIsRetriedThenDeadLetteredAfterMaxUnexpectedFailuresAndAReplayDelivers()
    {
        await using var api = new SendGatewayFactory(roles: "api,events");
        using var tenant = await api.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, "poison.test");
        await using var receiver = await WebhookReceiver.StartAsync();
        using (var hook = await tenant.Client.PostAsJsonAsync("/v1/webhooks", new { url = receiver.UrlFor("t89"), batch_size = 10 }))
        {
            Assert.That(hook.StatusCode, Is.EqualTo(HttpStatusCode.Created), await hook.Content.ReadAsStringAsync());
            await receiver.ConfigureAsync("t89", (await hook.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!, 200);
        }

        using var redis = await ConnectionMultiplexer.ConnectAsync(api.RedisConnectionString);
        var db = redis.GetDatabase();

        // Queued while no delivery role runs; then its batch's content is spoiled.
        var recipient = $"poison-{Guid.NewGuid():N}@mx-ok.test";
        var poisoned = await SendAsync(tenant, recipient);
        var shard = QueueKeys.ShardOf("mx-ok.test", 4);
        var entry = JsonDocument.Parse((string)(await db.StreamRangeAsync(QueueKeys.Stream(shard), "-", "+")).Single(e => ((string)e["e"]!).Contains(poisoned, StringComparison.Ordinal))["e"]!).RootElement;
        var body = QueueKeys.Body(shard, entry.GetProperty("batch_id").GetString()!);
        var content = await db.HashGetAsync(body, "c");
        await db.HashSetAsync(body, "c", "{not json");

        await using var worker = new SendGatewayFactory(
            roles: "delivery,events", redisDatabase: api.RedisDatabase, postgresDatabase: api.PostgresDatabase,
            settings: new Dictionary<string, string?> { ["SendGateway:Delivery:MaxUnexpectedFailures"] = "3" });
        _ = worker.Services;

        using var admin = api.CreateAdminClient();
        var letter = (await Polling.UntilAsync(() => ListAsync(admin), l => l.Any(IsPoisoned), TimeSpan.FromSeconds(60))).FirstOrDefault(IsPoisoned);
        Assert.That(letter.ValueKind, Is.EqualTo(JsonValueKind.Object), "the poison entry reached the dead letters");
        Assert.That(letter.GetProperty("reason").GetString(), Is.EqualTo("internal_error: JsonException"));
        Assert.That(letter.GetProperty("source").GetString(), Is.EqualTo("queue"));
        Assert.That(letter.GetProperty("fields").GetProperty("e").GetString(), Does.Not.Contain("unexpected_failures"), "kept with its count reset, for a replay");

        // Two temporary failures (retried with the back-off), the third attempt dead-lettered with a dropped event.
        var failed = await Polling.UntilAsync(() => EventsAsync(tenant, poisoned), e => e.Any(t => t.Type == "dropped"), TimeSpan.FromSeconds(60));
        Assert.That(failed.Select(e => e.Type), Is.EqualTo(new[] { "injected", "softbounce", "softbounce", "dropped" }));
        Assert.That(failed.Skip(1).Select(e => e.Reason), Is.All.EqualTo("internal_error"));
        Assert.That((await tenant.WaitForStatusAsync(poisoned, "dropped")).GetProperty("status").GetString(), Is.EqualTo("dropped"));
        var dropped = (await tenant.Client.GetFromJsonAsync<JsonElement>($"/v1/events?message_id={poisoned}&type=dropped")).GetProperty("data").EnumerateArray().Single();
        Assert.That(dropped.GetProperty("reason").GetString(), Is.EqualTo("internal_error"), "the events API shows it");
        var hooked = await Polling.UntilAsync(() => HookedAsync(receiver, poisoned), e => e.Any(h => h.Type == "dropped"), TimeSpan.FromSeconds(60));
        Assert.That(hooked.Where(h => h.Type == "dropped").Select(h => (h.Id, h.Reason)), Is.EqualTo(new[] { (dropped.GetProperty("id").GetString(), "internal_error") }),
            "the endpoint got the dropped event, once");
        Assert.That((await db.StreamPendingAsync(QueueKeys.Stream(shard), "delivery")).PendingMessageCount, Is.Zero, "nothing left pending");

        // The stream keeps flowing.
        await tenant.WaitForStatusAsync(await SendAsync(tenant, $"flowing-{Guid.NewGuid():N}@mx-ok.test"), "ok", seconds: 60);

        // The cause removed, a replay delivers it, with every try available again.
        await db.HashSetAsync(body, "c", content);
        using var replay = await admin.PostAsync($"/v1/admin/dead-letters/{shard}/{letter.GetProperty("id").GetString()}/replay", null);
        Assert.That(replay.StatusCode, Is.EqualTo(HttpStatusCode.OK), await replay.Content.ReadAsStringAsync());
        var delivered = await Polling.UntilAsync(() => EventsAsync(tenant, poisoned), e => e.Any(t => t.Type == "ok"), TimeSpan.FromSeconds(60));
        Assert.That(delivered.Select(e => e.Type), Is.EqualTo(new[] { "injected", "softbounce", "softbounce", "dropped", "ok" }), "the replay's ok follows the dropped");
        Assert.That(delivered[^1].Sequence, Is.GreaterThan(delivered[^2].Sequence), "and is numbered after it");
        Assert.That((await tenant.WaitForStatusAsync(poisoned, "ok")).GetProperty("status").GetString(), Is.EqualTo("ok"), "the status moved on from dropped");
        var hookedOk = await Polling.UntilAsync(() => HookedAsync(receiver, poisoned), e => e.Any(h => h.Type == "ok"), TimeSpan.FromSeconds(60));
        Assert.That(hookedOk.Count(h => h.Type == "ok"), Is.EqualTo(1), "the endpoint got the ok too");
        Assert.That(TestEnvironment.Mx1.For(recipient).Count(), Is.EqualTo(1));

        bool IsPoisoned(JsonElement l) => l.GetProperty("fields").TryGetProperty("e", out var e) && e.GetString()!.Contains(poisoned, StringComparison.Ordinal);
    }

    private static async Task<string> SendAsync(TestTenant tenant, string recipient)
    {
        using var response = await tenant.SendAsync(new { from = new { email = "a@poison.test" }, to = new[] { new { email = recipient } }, subject = "s", text = "t" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;
    }

    private static async Task<List<(string Type, string? Reason, int Sequence)>> EventsAsync(TestTenant tenant, string id)
    {
        using var response = await tenant.Client.GetAsync($"/v1/messages/{id}");
        if (!response.IsSuccessStatusCode)
        {
            return [];
        }

        var message = await response.Content.ReadFromJsonAsync<JsonElement>();
        return [.. message.GetProperty("events").EnumerateArray().Select(e => (e.GetProperty("type").GetString()!, e.TryGetProperty("reason", out var r) ? r.GetString() : null, e.GetProperty("sequence").GetInt32()))];
    }

    /// <summary>The message's events as the endpoint received them in verified, acknowledged batches.</summary>
    private static async Task<List<(string? Id, string? Type, string? Reason)>> HookedAsync(WebhookReceiver receiver, string id) =>
        [.. (await receiver.ReceivedAsync("t89")).Where(r => r.Verified && r.Status / 100 == 2).SelectMany(r => r.Events())
            .Where(e => e.GetProperty("message_id").GetString() == id)
            .Select(e => (e.GetProperty("id").GetString(), e.GetProperty("type").GetString(), e.TryGetProperty("reason", out var r) ? r.GetString() : null))];

    private static async Task<List<JsonElement>> ListAsync(HttpClient admin) =>
        [.. (await admin.GetFromJsonAsync<JsonElement>("/v1/admin/dead-letters?limit=1000")).EnumerateArray()];
}
