using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.Server.QueueControls;

namespace SendGateway.IntegrationTests.QueueControls;

/// <summary>
/// <c>/v1/admin/queue-controls</c>: bad input is refused with problem details naming the field, the list shows what is in
/// effect, a control made on the API's node holds and releases mail on a delivery node, and a PostgreSQL outage keeps
/// the controls read last in effect (nothing released by accident).
/// </summary>
[TestFixture]
public sealed class QueueControlsApiTests
{
    [Test]
    public async Task BadControlsAreRefusedNamingTheFieldAndTheListShowsWhatIsInEffect()
    {
        await using var factory = new SendGatewayFactory("api");
        using var admin = factory.CreateAdminClient();
        using var tenant = await factory.CreateTenantAsync();
        (await admin.PostAsJsonAsync("/v1/admin/ip-pools", new { name = "qc-api", sources = new[] { new { address = "127.0.0.2", ehlo_name = "qc.mta.sendgateway.test" } } }))
            .EnsureSuccessStatusCode();

        await AssertRefusedAsync(admin, new { action = "rebind", scope = "tenant", value = tenant.Id, to_pool = "qc-api" }, "scope");
        await AssertRefusedAsync(admin, new { action = "bounce", scope = "source", value = "127.0.0.2" }, "scope");
        await AssertRefusedAsync(admin, new { action = "hold", scope = "pool", value = "no-such-pool" }, "value");
        await AssertRefusedAsync(admin, new { action = "rebind", scope = "pool", value = "qc-api", to_pool = "no-such-pool" }, "to_pool");
        await AssertRefusedAsync(admin, new { action = "hold", scope = "tenant", value = "no-such-tenant" }, "value");
        await AssertRefusedAsync(admin, new { action = "hold", scope = "domain", value = "not a domain" }, "value");
        await AssertRefusedAsync(admin, new { action = "hold", scope = "source", value = "not-an-address" }, "value");
        await AssertRefusedAsync(admin, new { action = "pause", scope = "tenant", value = tenant.Id }, "action");
        await AssertRefusedAsync(admin, new { action = "hold", scope = "domain", value = "example.com", to_pool = "qc-api" }, "to_pool");
        Assert.That((await admin.DeleteAsync($"/v1/admin/queue-controls/{Guid.NewGuid()}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await tenant.Client.GetAsync("/v1/admin/queue-controls")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "operators only");

        var hold = await QueueControlsDeliveryTests.CreateAsync(admin, new { action = "hold", scope = "tenant", value = tenant.Id });
        var bounce = await QueueControlsDeliveryTests.CreateAsync(admin, new { action = "bounce", scope = "domain", value = "example.com" });
        var id = bounce.GetProperty("id").GetString();
        var lifted = await (await admin.DeleteAsync($"/v1/admin/queue-controls/{id}")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(lifted.GetProperty("lifted_at").ValueKind, Is.EqualTo(JsonValueKind.String));
        Assert.That(lifted.GetProperty("lifted_by").GetString(), Is.EqualTo("operator"));

        var active = await admin.GetFromJsonAsync<JsonElement>("/v1/admin/queue-controls?active=true");
        Assert.That(active.GetProperty("data").EnumerateArray().Select(c => c.GetProperty("id").GetString()), Is.EqualTo(new[] { hold.GetProperty("id").GetString() }));
        var all = await admin.GetFromJsonAsync<JsonElement>("/v1/admin/queue-controls?limit=1");
        Assert.That(all.GetProperty("data")[0].GetProperty("id").GetString(), Is.EqualTo(id), "newest first, lifted ones too");
        var next = all.GetProperty("next_cursor").GetString();
        var second = await admin.GetFromJsonAsync<JsonElement>($"/v1/admin/queue-controls?limit=1&cursor={next}");
        Assert.That(second.GetProperty("data")[0].GetProperty("id").GetString(), Is.EqualTo(hold.GetProperty("id").GetString()));
    }

    [Test]
    public async Task APostgresOutageKeepsTheControlsInEffect()
    {
        await using var stores = await StoreFaults.StartAsync(redis: false, postgres: true);
        using var logs = new CapturingLoggerProvider();
        await using var factory = new SendGatewayFactory("api,delivery,events", stores.Settings(), logs: logs);
        using var admin = factory.CreateAdminClient();
        using var tenant = await factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, "qc-outage.test");
        await tenant.WaitForStatusAsync(await QueueControlsDeliveryTests.SendAsync(tenant, "qc-outage.test", $"warm-{Guid.NewGuid():N}@mx-ok.test"), "ok");
        var hold = await QueueControlsDeliveryTests.CreateAsync(admin, new { action = "hold", scope = "domain", value = "a-only.test" });

        await stores.BreakAsync(StoreKind.Postgres, StoreFault.Kill);
        var failed = await Polling.UntilAsync(() => Task.FromResult(logs.Lines.Any(l => l.Contains("Queue controls could not be read", StringComparison.Ordinal))),
            seen => seen, TimeSpan.FromSeconds(60));
        Assert.That(failed, Is.True, "a refresh met the outage");

        var rcpt = $"outage-{Guid.NewGuid():N}@a-only.test";
        var id = await QueueControlsDeliveryTests.SendAsync(tenant, "qc-outage.test", rcpt);
        Assert.That(await QueueControlsDeliveryTests.HeldAsync(admin, "a-only.test"), Is.EqualTo(1), "held by the control read before the outage");
        Assert.That(TestEnvironment.Mx2.For(rcpt), Is.Empty);

        await stores.RepairAsync(StoreKind.Postgres);
        var lift = await Polling.UntilAsync( // the first requests after the restart may meet the pool's dead connections
            async () => (await admin.DeleteAsync($"/v1/admin/queue-controls/{hold.GetProperty("id").GetString()}")).StatusCode,
            status => status == HttpStatusCode.OK, TimeSpan.FromSeconds(60));
        Assert.That(lift, Is.EqualTo(HttpStatusCode.OK));
        var delivered = await Polling.UntilAsync(() => Task.FromResult(TestEnvironment.Mx2.For(rcpt).Count()), n => n >= 1, TimeSpan.FromSeconds(60));
        Assert.That(delivered, Is.EqualTo(1), $"message {id} delivered once the control is lifted");
    }

    [Test]
    public async Task AControlCreatedAndLiftedOnTheApiNodeTakesEffectOnADeliveryNode()
    {
        await using var api = new SendGatewayFactory("api,events");
        await using var delivery = new SendGatewayFactory("delivery", redisDatabase: api.RedisDatabase, postgresDatabase: api.PostgresDatabase);
        var deliveryControls = delivery.Services.GetRequiredService<ActiveQueueControls>(); // starts the delivery node
        using var admin = api.CreateAdminClient();
        using var tenant = await api.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, "qc-nodes.test");
        await tenant.WaitForStatusAsync(await QueueControlsDeliveryTests.SendAsync(tenant, "qc-nodes.test", $"warm-{Guid.NewGuid():N}@mx-ok.test"), "ok");

        var hold = await QueueControlsDeliveryTests.CreateAsync(admin, new { action = "hold", scope = "domain", value = "a-only.test" });
        var read = await Polling.UntilAsync(() => Task.FromResult(deliveryControls.Current.Controls.Count), n => n == 1, TimeSpan.FromSeconds(30));
        Assert.That(read, Is.EqualTo(1), "the delivery node read the control within its refresh interval");
        var rcpt = $"nodes-{Guid.NewGuid():N}@a-only.test";
        var id = await QueueControlsDeliveryTests.SendAsync(tenant, "qc-nodes.test", rcpt);
        Assert.That(await QueueControlsDeliveryTests.HeldAsync(admin, "a-only.test"), Is.EqualTo(1), "held by the delivery node");
        Assert.That(TestEnvironment.Mx2.For(rcpt), Is.Empty);

        Assert.That((await admin.DeleteAsync($"/v1/admin/queue-controls/{hold.GetProperty("id").GetString()}")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await tenant.WaitForStatusAsync(id, "ok", seconds: 60);
    }

    private static async Task AssertRefusedAsync(HttpClient admin, object control, string field)
    {
        var response = await admin.PostAsJsonAsync("/v1/admin/queue-controls", control);
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity), body);
        Assert.That(JsonDocument.Parse(body).RootElement.GetProperty("errors").TryGetProperty(field, out _), Is.True, $"names {field}: {body}");
    }
}
