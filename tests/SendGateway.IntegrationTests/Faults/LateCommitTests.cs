using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using Npgsql;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Faults;

/// <summary>
/// reliability.md T92, the late commit: PostgreSQL commits an event batch whose answer the ingester never gets (the
/// connection is reset by a <see cref="FaultProxy"/> right after PostgreSQL answered the COMMIT), so the ingester
/// writes the same batch again. The insert's ON CONFLICT on the event id keeps that from storing anything twice.
/// </summary>
[TestFixture]
public sealed class LateCommitTests
{
    /// <summary>The simple-protocol COMMIT Npgsql sends for a transaction: 'Q', length 11, "COMMIT\0".</summary>
    private static readonly byte[] Commit = [(byte)'Q', 0, 0, 0, 11, .. Encoding.ASCII.GetBytes("COMMIT"), 0];

    [Test]
    public async Task AnEventBatchCommittedAfterItsAnswerWasLostIsStoredAndHookedOnce()
    {
        // Sending and delivery straight to PostgreSQL; the events are written later, by an ingester behind the proxy.
        await using var api = new SendGatewayFactory("api,delivery");
        using var tenant = await api.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, "late-commit.test");
        await using var receiver = await WebhookReceiver.StartAsync();
        using (var hook = await tenant.Client.PostAsJsonAsync("/v1/webhooks", new { url = receiver.UrlFor("t92-late"), batch_size = 100 }))
        {
            Assert.That(hook.StatusCode, Is.EqualTo(HttpStatusCode.Created), await hook.Content.ReadAsStringAsync());
            await receiver.ConfigureAsync("t92-late", (await hook.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!, 200);
        }

        var sent = new Dictionary<string, string>();
        for (var i = 0; i < 5; i++)
        {
            var recipient = $"late-{i}-{Guid.NewGuid():N}@mx-ok.test";
            using var response = await tenant.SendAsync(new { from = new { email = "a@late-commit.test" }, to = new[] { new { email = recipient } }, subject = "s", text = "t" });
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
            sent[(await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!] = recipient;
        }

        var delivered = await Polling.UntilAsync(() => Task.FromResult(sent.Values.Count(r => TestEnvironment.Mx1.For(r).Any())), n => n == sent.Count, TimeSpan.FromSeconds(90));
        Assert.That(delivered, Is.EqualTo(sent.Count), "delivered before any event is stored");

        // The first ingest transaction (the one that stages events) loses the answer to its COMMIT.
        var direct = new NpgsqlConnectionStringBuilder(api.PostgresConnectionString);
        await using var proxy = new FaultProxy(direct.Port);
        var lost = proxy.LoseReplyAsync(Encoding.ASCII.GetBytes("ev_stage"), Commit);
        await using var ingester = new SendGatewayFactory("events", new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = new NpgsqlConnectionStringBuilder(api.PostgresConnectionString) { Port = proxy.Port }.ConnectionString,
            ["SendGateway:Resilience:OutageMaxBackoff"] = "00:00:00.500",
        }, redisDatabase: api.RedisDatabase, postgresDatabase: api.PostgresDatabase);
        _ = ingester.Services;
        Assert.That(await Task.WhenAny(lost, Task.Delay(TimeSpan.FromSeconds(90))), Is.SameAs(lost), "an ingest COMMIT's answer was lost");

        await using var db = new NpgsqlConnection(api.PostgresConnectionString);
        var ids = sent.Keys.ToArray();
        var rows = await Polling.UntilAsync(
            async () => (await db.QueryAsync<(string Message, string Type, long Count)>(
                "SELECT message_id, type, count(*) FROM events WHERE message_id = ANY(@ids) GROUP BY message_id, type", new { ids })).ToList(),
            r => r.Count(x => x.Type == "ok") == ids.Length, TimeSpan.FromSeconds(90));
        foreach (var id in ids)
        {
            Assert.That(rows.Where(r => r.Message == id).OrderBy(r => r.Type, StringComparer.Ordinal).Select(r => $"{r.Type}×{r.Count}"),
                Is.EqualTo(new[] { "injected×1", "ok×1" }), $"{id}: each event stored once, one terminal event");
        }

        // Every event reached the endpoint, each event id in one acknowledged batch only.
        var stored = (await db.QueryAsync<string>("SELECT id FROM events WHERE message_id = ANY(@ids)", new { ids })).ToHashSet();
        var hooked = await Polling.UntilAsync(
            async () => (await receiver.ReceivedAsync("t92-late")).Where(r => r.Verified && r.Status / 100 == 2).SelectMany(r => r.Events()).Select(e => e.GetProperty("id").GetString()!).ToList(),
            h => stored.IsSubsetOf(h), TimeSpan.FromSeconds(90));
        Assert.That(hooked.Where(stored.Contains).GroupBy(h => h).Where(g => g.Count() > 1).Select(g => g.Key), Is.Empty, "no event delivered twice");
        Assert.That(hooked.Where(stored.Contains).Count(), Is.EqualTo(stored.Count));
        using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(api.RedisConnectionString);
        var left = await Polling.UntilAsync(
            async () => (await Task.WhenAll(Enumerable.Range(0, 4).Select(s => redis.GetDatabase().StreamLengthAsync($"sg:ev:{{s{s}}}")))).Sum(), n => n == 0, TimeSpan.FromSeconds(60));
        Assert.That(left, Is.Zero, "the batch was written again and acknowledged (entries are acknowledged only after a commit the ingester saw)");
        using var admin = api.CreateAdminClient();
        Assert.That((await admin.GetFromJsonAsync<JsonElement>("/v1/admin/dead-letters?limit=1000")).GetArrayLength(), Is.Zero, "the batch written again was not refused");
        Assert.That(sent.Values.Select(r => TestEnvironment.Mx1.For(r).Count()), Is.All.EqualTo(1), "one copy each");
    }
}
