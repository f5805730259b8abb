using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.QueueControls;

/// <summary>
/// Operator queue controls end to end on the real MX sinks: a hold gives the mail it names no attempt and loses nothing
/// until it is lifted; a bounce drops the queued mail with reason <c>operator</c> (and its webhook); a rebind sends a
/// pool's queued mail from another pool; a held source address leaves the pool's other addresses to send.
/// </summary>
[TestFixture]
public sealed class QueueControlsDeliveryTests
{
    [Test]
    public async Task AHeldRecipientDomainGetsNoAttemptWhileAnotherFlowsAndItsLiftDeliversAtOnce()
    {
        await using var factory = new SendGatewayFactory("api,delivery,events");
        using var admin = factory.CreateAdminClient();
        using var tenant = await factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, "qc-hold.test");
        var control = await CreateAsync(admin, new { action = "hold", scope = "domain", value = "A-Only.test", note = "complaints from a-only" });
        Assert.That(control.GetProperty("value").GetString(), Is.EqualTo("a-only.test"), "a domain is kept in lower case");

        var heldTo = $"held-{Guid.NewGuid():N}@a-only.test";
        var held = await SendAsync(tenant, "qc-hold.test", heldTo);
        var flowing = await SendAsync(tenant, "qc-hold.test", $"flows-{Guid.NewGuid():N}@mx-ok.test");
        await tenant.WaitForStatusAsync(flowing, "ok");
        Assert.That(await HeldAsync(admin, "a-only.test"), Is.EqualTo(1), "the queue view says held: {operator: 1}");
        Assert.That(TestEnvironment.Mx2.For(heldTo), Is.Empty, "no attempt reached the held domain's MX");
        Assert.That((await tenant.Client.GetFromJsonAsync<JsonElement>($"/v1/messages/{held}")).GetProperty("status").GetString(), Is.EqualTo("injected"));

        var lifted = await admin.DeleteAsync($"/v1/admin/queue-controls/{control.GetProperty("id").GetString()}");
        Assert.That(lifted.StatusCode, Is.EqualTo(HttpStatusCode.OK), await lifted.Content.ReadAsStringAsync());
        // Delivery:HeldRecheck is 5 minutes: only the lift's release brings it within this deadline.
        await tenant.WaitForStatusAsync(held, "ok", seconds: 60);
        Assert.That(TestEnvironment.Mx2.For(heldTo).Count(), Is.EqualTo(1));

        var log = await factory.Services.GetRequiredService<SendGateway.Server.Audit.AuditStore>().ListAsync("_operators", null, 1000, CancellationToken.None);
        Assert.That(log.Where(e => e.Actor == "operator").Select(e => e.Action),
            Is.SupersetOf(new[] { "POST /v1/admin/queue-controls", "DELETE /v1/admin/queue-controls/{id}" }), "each write is in the operators' audit log");
    }

    [Test]
    public async Task ABouncedTenantsQueuedMailIsDroppedWithReasonOperatorAndItsWebhookSent()
    {
        await using var factory = new SendGatewayFactory("api,delivery,events");
        using var admin = factory.CreateAdminClient();
        using var tenant = await factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, "qc-bounce.test");
        await using var hooks = new ScriptedWebhookServer(_ => HookAnswer.Status(204));
        var hook = await tenant.Client.PostAsJsonAsync("/v1/webhooks", new { url = hooks.Url, events = new[] { "dropped" } });
        Assert.That(hook.StatusCode, Is.EqualTo(HttpStatusCode.Created), await hook.Content.ReadAsStringAsync());
        using var other = await factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(other, "qc-other.test");

        // Held by tenant first: queued, not attempted.
        var hold = await CreateAsync(admin, new { action = "hold", scope = "tenant", value = tenant.Id });
        var recipients = Enumerable.Range(0, 2).Select(i => $"bounced{i}-{Guid.NewGuid():N}@mx-ok.test").ToList();
        var ids = new List<string>();
        foreach (var rcpt in recipients)
        {
            ids.Add(await SendAsync(tenant, "qc-bounce.test", rcpt));
        }

        var untouched = await SendAsync(other, "qc-other.test", $"other-{Guid.NewGuid():N}@mx-ok.test");
        await other.WaitForStatusAsync(untouched, "ok");
        Assert.That(await HeldAsync(admin, "mx-ok.test", n => n >= 2), Is.EqualTo(2), "the tenant's two messages are held, the other tenant's delivered");
        Assert.That(recipients.SelectMany(r => TestEnvironment.Mx1.For(r)), Is.Empty, "a held tenant's mail gets no attempt");

        await CreateAsync(admin, new { action = "bounce", scope = "tenant", value = tenant.Id, note = "abusive content" });
        foreach (var id in ids)
        {
            // The hold would keep them 5 minutes (Delivery:HeldRecheck): the bounce makes them due at once.
            var dropped = await tenant.WaitForIngestedStatusAsync(id, "dropped", seconds: 60);
            Assert.That(dropped.GetProperty("events").EnumerateArray().Last().GetProperty("reason").GetString(), Is.EqualTo("operator"));
        }

        var received = await Polling.UntilAsync(() => Task.FromResult(hooks.Requests.Count(r => r.Body.Contains("\"operator\"", StringComparison.Ordinal))), n => n >= 1, TimeSpan.FromSeconds(60));
        Assert.That(received, Is.GreaterThanOrEqualTo(1), "the dropped events reach the tenant's webhook");
        Assert.That(hooks.Requests.Select(r => r.Body).Where(b => b.Contains("\"dropped\"", StringComparison.Ordinal)), Is.Not.Empty);
        Assert.That(recipients.SelectMany(r => TestEnvironment.Mx1.For(r)), Is.Empty);

        // Mail accepted after the bounce is not bounced: once the hold is lifted it is delivered.
        Assert.That((await admin.DeleteAsync($"/v1/admin/queue-controls/{hold.GetProperty("id").GetString()}")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await tenant.WaitForStatusAsync(await SendAsync(tenant, "qc-bounce.test", $"after-{Guid.NewGuid():N}@mx-ok.test"), "ok", seconds: 60);
    }

    [Test]
    public async Task ARebindSendsAHeldPoolsQueuedMailFromTheOtherPool()
    {
        await using var factory = new SendGatewayFactory("api,delivery,events");
        using var admin = factory.CreateAdminClient();
        await CreatePoolAsync(admin, "qc-a", ("127.0.0.2", 1));
        await CreatePoolAsync(admin, "qc-b", ("127.0.0.3", 1));
        using var tenant = await factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, "qc-rebind.test");
        (await admin.PatchAsJsonAsync($"/v1/admin/tenants/{tenant.Id}", new { default_ip_pool = "qc-a", allowed_ip_pools = new[] { "qc-b" } })).EnsureSuccessStatusCode();

        var hold = await CreateAsync(admin, new { action = "hold", scope = "pool", value = "qc-a" });
        var rcpt = $"rebound-{Guid.NewGuid():N}@mx-ok.test";
        var id = await SendAsync(tenant, "qc-rebind.test", rcpt);
        Assert.That(await HeldAsync(admin, "mx-ok.test"), Is.EqualTo(1), "a held pool's mail waits");

        await CreateAsync(admin, new { action = "rebind", scope = "pool", value = "qc-a", to_pool = "qc-b" });
        Assert.That((await admin.DeleteAsync($"/v1/admin/queue-controls/{hold.GetProperty("id").GetString()}")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await tenant.WaitForStatusAsync(id, "ok", seconds: 60);
        Assert.That(TestEnvironment.Mx1.For(rcpt).Single().Client, Is.EqualTo(IPAddress.Parse("127.0.0.3")), "sent from pool qc-b's address");

        // Accepted after the rebind: the tenant's own pool again.
        var later = $"later-{Guid.NewGuid():N}@mx-ok.test";
        await tenant.WaitForStatusAsync(await SendAsync(tenant, "qc-rebind.test", later), "ok");
        Assert.That(TestEnvironment.Mx1.For(later).Single().Client, Is.EqualTo(IPAddress.Parse("127.0.0.2")));
    }

    [Test]
    public async Task AHeldSourceAddressLeavesThePoolsOtherAddressToSendAndHoldsWhenNoneIsLeft()
    {
        await using var factory = new SendGatewayFactory("api,delivery,events");
        using var admin = factory.CreateAdminClient();
        await CreatePoolAsync(admin, "qc-sources", ("127.0.0.2", 1000), ("127.0.0.3", 1));
        using var tenant = await factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, "qc-source.test");
        (await admin.PatchAsJsonAsync($"/v1/admin/tenants/{tenant.Id}", new { default_ip_pool = "qc-sources" })).EnsureSuccessStatusCode();

        await CreateAsync(admin, new { action = "hold", scope = "source", value = "127.0.0.2" });
        var recipients = Enumerable.Range(0, 3).Select(i => $"src{i}-{Guid.NewGuid():N}@mx-ok.test").ToList();
        foreach (var rcpt in recipients)
        {
            await tenant.WaitForStatusAsync(await SendAsync(tenant, "qc-source.test", rcpt), "ok");
        }

        Assert.That(recipients.Select(r => TestEnvironment.Mx1.For(r).Single().Client), Is.All.EqualTo(IPAddress.Parse("127.0.0.3")),
            "the held address (weight 1000) sends nothing; the other one sends everything");

        var last = await CreateAsync(admin, new { action = "hold", scope = "source", value = "127.0.0.3" });
        var waiting = $"none-left-{Guid.NewGuid():N}@mx-ok.test";
        var id = await SendAsync(tenant, "qc-source.test", waiting);
        Assert.That(await HeldAsync(admin, "mx-ok.test"), Is.EqualTo(1), "no address left: held");
        Assert.That(TestEnvironment.Mx1.For(waiting), Is.Empty);
        Assert.That((await admin.DeleteAsync($"/v1/admin/queue-controls/{last.GetProperty("id").GetString()}")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await tenant.WaitForStatusAsync(id, "ok", seconds: 60);
        Assert.That(TestEnvironment.Mx1.For(waiting).Single().Client, Is.EqualTo(IPAddress.Parse("127.0.0.3")));
    }

    internal static async Task<JsonElement> CreateAsync(HttpClient admin, object control)
    {
        var created = await admin.PostAsJsonAsync("/v1/admin/queue-controls", control);
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        return await created.Content.ReadFromJsonAsync<JsonElement>();
    }

    internal static async Task<string> SendAsync(TestTenant tenant, string fromDomain, string to)
    {
        var response = await tenant.SendAsync(new { from = new { email = $"a@{fromDomain}" }, to = new[] { new { email = to } }, subject = "s", text = "t" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;
    }

    /// <summary>Waits for the queue view's <c>held.operator</c> count of <paramref name="domain"/> (a positive signal: the attempt was made and held).</summary>
    internal static async Task<long> HeldAsync(HttpClient admin, string domain, Func<long, bool>? done = null) =>
        await Polling.UntilAsync(
            async () => (await admin.GetFromJsonAsync<JsonElement>("/v1/admin/queues")).GetProperty("domains").EnumerateArray()
                .Where(d => d.GetProperty("domain").GetString() == domain && d.TryGetProperty("held", out var h) && h.ValueKind == JsonValueKind.Object)
                .Sum(d => d.GetProperty("held").TryGetProperty("operator", out var n) ? n.GetInt64() : 0),
            done ?? (n => n >= 1), TimeSpan.FromSeconds(30));

    private static async Task CreatePoolAsync(HttpClient admin, string name, params (string Address, int Weight)[] sources)
    {
        var created = await admin.PostAsJsonAsync("/v1/admin/ip-pools", new
        {
            name, sources = sources.Select(s => new { address = s.Address, ehlo_name = $"{name}.mta.sendgateway.test", weight = s.Weight }).ToArray(),
        });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
    }
}
