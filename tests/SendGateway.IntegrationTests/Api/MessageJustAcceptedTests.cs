using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.Server.Queue;
using StackExchange.Redis;

namespace SendGateway.IntegrationTests.Api;

/// <summary>
/// Issue 31 §4: <c>GET /v1/messages/{id}</c> answers from the 202 on, never 404 for a message just accepted. With no
/// ingester running (no event reaches PostgreSQL) the answer comes from the queue's record, as PostgreSQL will answer
/// once the first event is stored (<c>injected</c>, or <c>dropped</c> for a recipient dropped at accept); another
/// tenant still gets 404. Before, it was 404 until the first event was ingested.
/// </summary>
[TestFixture]
public sealed class MessageJustAcceptedTests
{
    [Test]
    public async Task AMessageJustAcceptedIsAnsweredFromTheQueueBeforeAnyEventIsStoredAndOnlyToItsTenant()
    {
        await using var api = new SendGatewayFactory("api"); // no events role: nothing is ingested
        using var tenant = await api.CreateTenantAsync();
        using var stranger = await api.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, "accepted-acme.test");
        var recipient = $"just{Guid.NewGuid():N}@mx-ok.test";
        using var sent = await tenant.SendAsync(new
        {
            from = new { email = "a@accepted-acme.test" }, to = new[] { new { email = recipient } }, subject = "s", text = "t",
            tags = new[] { "welcome" }, metadata = new Dictionary<string, string> { ["order"] = "42" },
        });
        Assert.That(sent.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await sent.Content.ReadAsStringAsync());
        var id = (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;

        using var response = await tenant.Client.GetAsync($"/v1/messages/{id}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var queued = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(queued.GetProperty("id").GetString(), Is.EqualTo(id));
        Assert.That(queued.GetProperty("status").GetString(), Is.EqualTo("injected"));
        Assert.That(queued.GetProperty("recipient").GetString(), Is.EqualTo(recipient));
        Assert.That(queued.GetProperty("from").GetString(), Is.EqualTo("a@accepted-acme.test"));
        Assert.That(queued.GetProperty("tags").EnumerateArray().Select(t => t.GetString()), Is.EqualTo(new[] { "welcome" }));
        Assert.That(queued.GetProperty("metadata").GetProperty("order").GetString(), Is.EqualTo("42"));
        var events = queued.GetProperty("events").EnumerateArray().ToList();
        Assert.That(events.Select(e => (e.GetProperty("type").GetString(), e.GetProperty("message_id").GetString())), Is.EqualTo(new[] { ("injected", id) }));

        // A recipient dropped at accept (suppressed) answers as dropped, with its reason, before anything is stored.
        var suppressed = $"gone{Guid.NewGuid():N}@mx-ok.test";
        (await tenant.Client.PostAsJsonAsync("/v1/suppressions", new { suppressions = new[] { new { email = suppressed, reason = "unsubscribe" } } })).EnsureSuccessStatusCode();
        using var dropped = await tenant.SendAsync(new { from = new { email = "a@accepted-acme.test" }, to = new[] { new { email = suppressed } }, subject = "s", text = "t" });
        var droppedMessage = (await dropped.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0];
        Assert.That(droppedMessage.GetProperty("status").GetString(), Is.EqualTo("dropped"), droppedMessage.ToString());
        using var droppedResponse = await tenant.Client.GetAsync($"/v1/messages/{droppedMessage.GetProperty("id").GetString()}");
        Assert.That(droppedResponse.StatusCode, Is.EqualTo(HttpStatusCode.OK), await droppedResponse.Content.ReadAsStringAsync());
        var droppedView = await droppedResponse.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(droppedView.GetProperty("status").GetString(), Is.EqualTo("dropped"));
        Assert.That(droppedView.GetProperty("events")[0].GetProperty("reason").GetString(), Is.EqualTo("suppressed"));

        Assert.That((await stranger.Client.GetAsync($"/v1/messages/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "another tenant's message stays 404");
        Assert.That((await tenant.Client.GetAsync($"/v1/messages/msg_{Guid.NewGuid():N}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "an id never sent is 404");

        // Once an ingester stores the event, PostgreSQL answers the same, and the queue's record is gone.
        await using var ingester = new SendGatewayFactory("events", redisDatabase: api.RedisDatabase, postgresDatabase: api.PostgresDatabase);
        _ = ingester.Services;
        using var redis = await ConnectionMultiplexer.ConnectAsync(api.RedisConnectionString);
        var record = QueueKeys.Accepted(QueueKeys.ShardOf("mx-ok.test", 4), id);
        var left = await Polling.UntilAsync(() => redis.GetDatabase().KeyExistsAsync(record), exists => !exists, TimeSpan.FromSeconds(60));
        Assert.That(left, Is.False, "the ingester deletes the record once the injected event is stored");
        var stored = await tenant.Client.GetFromJsonAsync<JsonElement>($"/v1/messages/{id}");
        Assert.That(stored.GetProperty("status").GetString(), Is.EqualTo("injected"));
        Assert.That(stored.GetProperty("events")[0].GetProperty("id").GetString(), Is.EqualTo(events[0].GetProperty("id").GetString()), "the same event, now from PostgreSQL");
        Assert.That(stored.GetProperty("accepted_at").GetDateTimeOffset(), Is.EqualTo(queued.GetProperty("accepted_at").GetDateTimeOffset()).Within(TimeSpan.FromMilliseconds(1)));
    }
}
