using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;
using StackExchange.Redis;

namespace SendGateway.IntegrationTests.Faults;

/// <summary>
/// reliability.md T89: a queue or event entry that cannot be decoded goes to the shard's dead-letter stream, which
/// operators list and replay (<c>/v1/admin/dead-letters</c>); it is never dropped silently or left pending, and the
/// streams keep flowing.
/// </summary>
[TestFixture]
public sealed class DeadLetterTests
{
    [Test]
    public async Task UndecodableEntriesAreDeadLetteredListedReplayedAndDeletedWhileTheStreamsKeepFlowing()
    {
        await using var api = new SendGatewayFactory(roles: "api,events");
        using var tenant = await api.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, "dead.test");
        using var redis = await ConnectionMultiplexer.ConnectAsync(api.RedisConnectionString);
        var db = redis.GetDatabase();
        var shard = SendGateway.Server.Queue.QueueKeys.ShardOf("mx-ok.test", 4);

        // A message queued while no delivery role runs; an earlier fault moved its entry to the dead letters.
        var parked = await SendAsync(tenant, $"parked-{Guid.NewGuid():N}@mx-ok.test");
        var queued = await db.StreamRangeAsync($"sg:q:{{s{shard}}}", "-", "+");
        var entry = queued.Single(e => ((string)e["e"]!).Contains(parked, StringComparison.Ordinal));
        await db.StreamAddAsync($"sg:dead:{{s{shard}}}", [new("dl:source", "queue"), new("dl:stream_id", entry.Id), new("dl:reason", "test"), new("dl:at", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()), .. entry.Values]);
        await db.StreamDeleteAsync($"sg:q:{{s{shard}}}", [entry.Id]);

        // What a bug or a version skew could leave: not JSON, and no payload field at all.
        await db.StreamAddAsync($"sg:q:{{s{shard}}}", "e", "{not json");
        await db.StreamAddAsync($"sg:ev:{{s{shard}}}", "x", "no payload");

        await using var worker = new SendGatewayFactory(roles: "delivery,events", redisDatabase: api.RedisDatabase, postgresDatabase: api.PostgresDatabase);
        _ = worker.Services;
        var flowing = await SendAsync(tenant, $"flowing-{Guid.NewGuid():N}@mx-ok.test");
        await tenant.WaitForStatusAsync(flowing, "ok", seconds: 60);

        using var admin = api.CreateAdminClient();
        var letters = await Polling.UntilAsync(() => ListAsync(admin), l => l.Count >= 3, TimeSpan.FromSeconds(30));
        Assert.That(letters.Select(l => (l.GetProperty("source").GetString(), l.GetProperty("reason").GetString())),
            Is.SupersetOf(new[] { ("queue", "undecodable"), ("events", "undecodable"), ("queue", "test") }));
        var garbage = letters.Single(l => l.GetProperty("fields").TryGetProperty("e", out var e) && e.GetString() == "{not json");
        Assert.That(garbage.GetProperty("shard").GetInt32(), Is.EqualTo(shard));
        Assert.That((await db.StreamPendingAsync($"sg:q:{{s{shard}}}", "delivery")).PendingMessageCount, Is.Zero, "nothing left pending in the queue");
        Assert.That((await db.StreamPendingAsync($"sg:ev:{{s{shard}}}", "ingest")).PendingMessageCount, Is.Zero, "nothing left pending in the events");

        // Replay: the parked message goes back to its stream and is delivered.
        var parkedLetter = letters.Single(l => l.GetProperty("reason").GetString() == "test");
        using var replay = await admin.PostAsync($"/v1/admin/dead-letters/{shard}/{parkedLetter.GetProperty("id").GetString()}/replay", null);
        Assert.That(replay.StatusCode, Is.EqualTo(HttpStatusCode.OK), await replay.Content.ReadAsStringAsync());
        await tenant.WaitForStatusAsync(parked, "ok", seconds: 60);
        Assert.That(TestEnvironment.Mx1.For(JsonDocument.Parse((string)entry["e"]!).RootElement.GetProperty("recipient").GetString()!).Count(), Is.EqualTo(1));

        // Discard: gone once, 404 after; a made-up id is 404 too.
        var id = garbage.GetProperty("id").GetString();
        Assert.That((await admin.DeleteAsync($"/v1/admin/dead-letters/{shard}/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That((await admin.DeleteAsync($"/v1/admin/dead-letters/{shard}/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await admin.PostAsync($"/v1/admin/dead-letters/{shard}/not-an-id/replay", null)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await ListAsync(admin)).Select(l => l.GetProperty("id").GetString()), Does.Not.Contain(id));
        Assert.That((await tenant.Client.GetAsync("/v1/admin/dead-letters")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden).Or.EqualTo(HttpStatusCode.Unauthorized), "operators only");

        // Audited in the operators' log, not in a "tenant" named after the stream entry's id.
        await using var connection = new Npgsql.NpgsqlConnection(api.PostgresConnectionString);
        await connection.OpenAsync();
        await using var query = new Npgsql.NpgsqlCommand("SELECT tenant_id, action FROM audit_log WHERE action LIKE '%/v1/admin/dead-letters/%'", connection);
        var rows = new List<(string Tenant, string Action)>();
        await using (var reader = await query.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                rows.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        Assert.That(rows, Is.EquivalentTo(new[]
        {
            ("_operators", "POST /v1/admin/dead-letters/{shard:int}/{id}/replay"), ("_operators", "DELETE /v1/admin/dead-letters/{shard:int}/{id}"),
        }));
    }

    /// <summary>
    /// An undecodable queue entry that still names its message (valid JSON a version skew or a bug made unreadable: here
    /// its <c>attempt</c> is text) is dead-lettered with a <c>dropped</c> event (reason <c>internal_error</c>), so the
    /// sender learns of it; an entry that names nothing (not JSON) goes to the dead letters without one.
    /// </summary>
    [Test]
    public async Task AnUndecodableEntryThatNamesItsMessageIsDeadLetteredWithADroppedEvent()
    {
        await using var api = new SendGatewayFactory(roles: "api,events");
        using var tenant = await api.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, "dead.test");
        using var redis = await ConnectionMultiplexer.ConnectAsync(api.RedisConnectionString);
        var db = redis.GetDatabase();
        var shard = SendGateway.Server.Queue.QueueKeys.ShardOf("mx-ok.test", 4);
        var stream = $"sg:q:{{s{shard}}}";

        var skewed = await SendAsync(tenant, $"skewed-{Guid.NewGuid():N}@mx-ok.test");
        var entry = (await db.StreamRangeAsync(stream, "-", "+")).Single(e => ((string)e["e"]!).Contains(skewed, StringComparison.Ordinal));
        var json = System.Text.Json.Nodes.JsonNode.Parse((string)entry["e"]!)!;
        json["attempt"] = "first";
        await db.StreamDeleteAsync(stream, [entry.Id]);
        await db.StreamAddAsync(stream, "e", json.ToJsonString());
        await db.StreamAddAsync(stream, "e", "{not json");

        await using var worker = new SendGatewayFactory(roles: "delivery,events", redisDatabase: api.RedisDatabase, postgresDatabase: api.PostgresDatabase);
        _ = worker.Services;
        using var admin = api.CreateAdminClient();
        var letters = await Polling.UntilAsync(() => ListAsync(admin), l => l.Count(x => x.GetProperty("reason").GetString() == "undecodable") >= 2, TimeSpan.FromSeconds(60));
        Assert.That(letters.Count(l => l.GetProperty("reason").GetString() == "undecodable"), Is.EqualTo(2), "both in the dead letters");

        var message = await tenant.WaitForStatusAsync(skewed, "dropped", seconds: 60);
        var events = message.GetProperty("events").EnumerateArray().Select(e => (Type: e.GetProperty("type").GetString(), Reason: e.TryGetProperty("reason", out var r) ? r.GetString() : null)).ToList();
        Assert.That(events, Is.EqualTo(new[] { ("injected", (string?)null), ("dropped", "internal_error") }));
        await tenant.WaitForStatusAsync(await SendAsync(tenant, $"flowing-{Guid.NewGuid():N}@mx-ok.test"), "ok", seconds: 60);
        var dropped = (await tenant.Client.GetFromJsonAsync<JsonElement>("/v1/events?type=dropped")).GetProperty("data").EnumerateArray().ToList();
        Assert.That(dropped.Select(e => e.GetProperty("message_id").GetString()), Is.EqualTo(new[] { skewed }), "the entry that names nothing made no event");
        Assert.That(dropped[0].GetProperty("from").GetString(), Is.EqualTo("a@dead.test"), "the event names the batch's sender");
        Assert.That((await db.StreamPendingAsync(stream, "delivery")).PendingMessageCount, Is.Zero, "nothing left pending");
    }

    private static async Task<string> SendAsync(TestTenant tenant, string recipient)
    {
        using var response = await tenant.SendAsync(new { from = new { email = "a@dead.test" }, to = new[] { new { email = recipient } }, subject = "s", text = "t" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;
    }

    private static async Task<List<JsonElement>> ListAsync(HttpClient admin) =>
        [.. (await admin.GetFromJsonAsync<JsonElement>("/v1/admin/dead-letters?limit=1000")).EnumerateArray()];
}
