using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Faults;

/// <summary>
/// reliability.md T92, the webhooks: PostgreSQL is down (killed) while mail is accepted and delivered; once it is back,
/// the endpoint receives every event of that mail (late, not lost), each message's final event under one id, verified by
/// the Standard Webhooks library.
/// </summary>
[TestFixture]
public sealed class PostgresOutageWebhookTests
{
    [Test]
    public async Task WebhooksOfMailSentWhilePostgresIsDownArriveOnceItIsBack()
    {
        await using var stores = await StoreFaults.StartAsync(redis: false, postgres: true);
        await using var receiver = await WebhookReceiver.StartAsync();
        var settings = stores.Settings();
        settings["SendGateway:Resilience:OutageMaxBackoff"] = "00:00:00.500";
        await using var factory = new SendGatewayFactory("api,delivery,events", settings);
        using var tenant = await factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, "pg-hooks.test");
        using (var hook = await tenant.Client.PostAsJsonAsync("/v1/webhooks", new { url = receiver.UrlFor("pg-down"), batch_size = 10 }))
        {
            Assert.That(hook.StatusCode, Is.EqualTo(HttpStatusCode.Created), await hook.Content.ReadAsStringAsync());
            await receiver.ConfigureAsync("pg-down", (await hook.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!, 200);
        }

        var warm = await SendAsync(tenant);
        await tenant.WaitForIngestedStatusAsync(warm.Id, "ok", seconds: 60); // the sender domain and its key read once

        await stores.BreakAsync(StoreKind.Postgres, StoreFault.Kill);
        var during = new List<(string Id, string Recipient)>();
        for (var i = 0; i < 3; i++)
        {
            during.Add(await SendAsync(tenant));
        }

        var delivered = await Polling.UntilAsync(() => Task.FromResult(during.Count(m => TestEnvironment.Mx1.For(m.Recipient).Any())), n => n == during.Count, TimeSpan.FromSeconds(90));
        Assert.That(delivered, Is.EqualTo(during.Count), "delivered while PostgreSQL is down");

        await stores.RepairAsync(StoreKind.Postgres);
        var ids = during.Select(m => m.Id).ToHashSet();
        var received = await Polling.UntilAsync(
            async () => (await receiver.ReceivedAsync("pg-down")).Where(r => r.Verified && r.Status / 100 == 2).SelectMany(r => r.Events()).ToList(),
            events => ids.All(id => events.Any(e => MessageOf(e) == id && TypeOf(e) == "ok")), TimeSpan.FromSeconds(120));
        foreach (var id in ids)
        {
            var okIds = received.Where(e => MessageOf(e) == id && TypeOf(e) == "ok").Select(e => e.GetProperty("id").GetString()).Distinct().ToList();
            Assert.That(okIds, Has.Count.EqualTo(1), $"{id}: its final event reached the endpoint, under one id");
            Assert.That(received.Any(e => MessageOf(e) == id && TypeOf(e) == "injected"), Is.True, $"{id}: its injected event too");
        }

        Assert.That(during.Select(m => TestEnvironment.Mx1.For(m.Recipient).Count()), Is.All.EqualTo(1), "one copy each");
    }

    private static string? MessageOf(JsonElement e) => e.TryGetProperty("message_id", out var id) ? id.GetString() : null;

    private static string? TypeOf(JsonElement e) => e.TryGetProperty("type", out var type) ? type.GetString() : null;

    private static async Task<(string Id, string Recipient)> SendAsync(TestTenant tenant)
    {
        var recipient = $"t92-{Guid.NewGuid():N}@mx-ok.test";
        using var response = await tenant.SendAsync(new { from = new { email = "a@pg-hooks.test" }, to = new[] { new { email = recipient } }, subject = "s", text = "t" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        return ((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!, recipient);
    }
}
