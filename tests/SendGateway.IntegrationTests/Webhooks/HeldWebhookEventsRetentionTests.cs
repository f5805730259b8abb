using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Npgsql;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Webhooks;

/// <summary>
/// reliability.md T56, the bound on what a disabled endpoint holds: the events that occur while the service keeps an
/// endpoint disabled wait in its outbox, and past the tenant's <c>retention_days</c> (the retention job's moved clock)
/// they leave the outbox with the events themselves, so an endpoint never enabled again holds no more than retention keeps.
/// </summary>
[TestFixture]
public sealed class HeldWebhookEventsRetentionTests
{
    [Test]
    public async Task EventsHeldForADisabledEndpointGoWithTheTenantsRetention()
    {
        var clock = new AdjustableTimeProvider();
        await using var factory = new SendGatewayFactory("api,delivery,events", new Dictionary<string, string?>
        {
            ["SendGateway:Privacy:JobInterval"] = "00:00:00.200",
            ["SendGateway:Webhooks:MaxRetryAge"] = "00:00:01", // the down endpoint gives up at its first failure and is disabled
        }, clock: clock);
        using var tenant = await factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, "hold-retain.test");
        (await tenant.Client.PutAsJsonAsync("/v1/settings", new { retention_days = 3 })).EnsureSuccessStatusCode();
        var created = await (await tenant.Client.PostAsJsonAsync("/v1/webhooks", new { url = "http://127.0.0.1:9/down", events = new[] { "ok" } })).Content.ReadFromJsonAsync<JsonElement>();
        var hook = created.GetProperty("id").GetString()!;

        await SendAsync(tenant);
        var webhook = await Polling.UntilAsync(
            async () => await tenant.Client.GetFromJsonAsync<JsonElement>($"/v1/webhooks/{hook}"), w => !w.GetProperty("enabled").GetBoolean(), TimeSpan.FromSeconds(60));
        Assert.That(webhook.GetProperty("disabled_reason").GetString(), Is.EqualTo("failing"));

        await SendAsync(tenant); // its ok event is held for the disabled endpoint
        await using var db = new NpgsqlConnection(factory.PostgresConnectionString);
        var held = await Polling.UntilAsync(() => HeldAsync(db, hook), n => n == 1, TimeSpan.FromSeconds(30));
        Assert.That(held, Is.EqualTo(1), "the event is held in the endpoint's outbox");

        clock.Advance(TimeSpan.FromDays(4)); // past retention_days
        var left = await Polling.UntilAsync(() => HeldAsync(db, hook), n => n == 0, TimeSpan.FromSeconds(30));
        Assert.That(left, Is.Zero, "past the retention nothing is held for the endpoint");
        Assert.That(await db.ExecuteScalarAsync<long>("SELECT count(*) FROM events WHERE tenant_id = @tenantId", new { tenantId = tenant.Id }), Is.Zero, "the events went too");
    }

    private static async Task SendAsync(TestTenant tenant)
    {
        using var send = await tenant.SendAsync(new { from = new { email = "a@hold-retain.test" }, to = new[] { new { email = $"ok+{Guid.NewGuid():N}@simulator.sendgateway.test" } }, subject = "s", text = "t" });
        var id = (await send.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;
        await tenant.WaitForIngestedStatusAsync(id, "ok");
    }

    private static Task<long> HeldAsync(NpgsqlConnection db, string hook) =>
        db.ExecuteScalarAsync<long>("SELECT count(*) FROM webhook_outbox WHERE webhook_id = @hook", new { hook });
}
