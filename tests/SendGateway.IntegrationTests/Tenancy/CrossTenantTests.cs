using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;
using StackExchange.Redis;

namespace SendGateway.IntegrationTests.Tenancy;

/// <summary>
/// reliability.md T98 (webhooks never cross tenants), T100 (odd characters in tenant names reach no key) and T101
/// (suppressions are per tenant; a complaint is attributed to the tenant whose message drew it).
/// </summary>
[TestFixture]
public sealed class CrossTenantTests
{
    private SendGatewayFactory _factory = null!;
    private WebhookReceiver _receiver = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _factory = new SendGatewayFactory("api,delivery,events");
        _receiver = await WebhookReceiver.StartAsync();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _receiver.DisposeAsync();
        await _factory.DisposeAsync();
    }

    [Test]
    public async Task T98EachEndpointReceivesOnlyItsOwnTenantsEvents()
    {
        var tenants = new List<(TestTenant Tenant, string Hook, HashSet<string> Messages)>();
        for (var i = 0; i < 10; i++)
        {
            var tenant = await _factory.CreateTenantAsync();
            await SendGatewayFactory.AddDomainAsync(tenant, $"t98-{i}.test");
            var hook = $"t98-{i}-{Guid.NewGuid():N}";
            var created = await (await tenant.Client.PostAsJsonAsync("/v1/webhooks", new { url = _receiver.UrlFor(hook), batch_size = 5 })).Content.ReadFromJsonAsync<JsonElement>();
            await _receiver.ConfigureAsync(hook, created.GetProperty("secret").GetString()!, 204);
            tenants.Add((tenant, hook, []));
        }

        foreach (var (tenant, _, messages) in tenants)
        {
            var i = tenants.FindIndex(t => t.Tenant == tenant);
            var to = Enumerable.Range(0, 10).Select(_ => new { email = $"ok+{Guid.NewGuid():N}@simulator.sendgateway.test" });
            using var response = await tenant.SendAsync(new { from = new { email = $"a@t98-{i}.test" }, to, subject = "s", text = "t" });
            messages.UnionWith((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("id").GetString()!));
        }

        foreach (var (tenant, hook, messages) in tenants)
        {
            var received = await Polling.UntilAsync(
                async () => (await _receiver.ReceivedAsync(hook)).Where(r => r.Verified).SelectMany(r => r.Events()).ToList(),
                events => events.Count(e => e.GetProperty("type").GetString() == "ok") >= messages.Count, TimeSpan.FromSeconds(60));
            var foreign = received.Where(e => !messages.Contains(e.GetProperty("message_id").GetString()!)).Select(e => e.ToString()).ToList();
            Assert.That(foreign, Is.Empty, $"no event of another tenant (hook {hook}, tenant {tenant.Id})");
            Assert.That(received.Where(e => e.GetProperty("type").GetString() == "ok").Select(e => e.GetProperty("message_id").GetString()).Distinct(), Is.EquivalentTo(messages), "every own event");
            tenant.Dispose();
        }
    }

    [Test]
    public async Task T100OddCharactersInTenantNamesReachNoRedisKey()
    {
        const string name = "acme:{s0}*ünïcødé 📨";
        using var admin = _factory.CreateAdminClient();
        var response = await admin.PostAsJsonAsync("/v1/admin/tenants", new { name });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(body.GetProperty("name").GetString(), Is.EqualTo(name));
        using var tenant = new TestTenant(body.GetProperty("id").GetString()!, body.GetProperty("api_key").GetString()!, _factory.Authorized(body.GetProperty("api_key").GetString()!));
        await SendGatewayFactory.AddDomainAsync(tenant, "t100.test");
        using (var sent = await tenant.SendAsync(new { from = new { email = "a@t100.test" }, to = new[] { new { email = $"ok+{Guid.NewGuid():N}@simulator.sendgateway.test" } }, subject = "s", text = "t" }))
        {
            var id = (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;
            await tenant.WaitForStatusAsync(id, "ok");
        }

        using var redis = await ConnectionMultiplexer.ConnectAsync(_factory.RedisConnectionString);
        var keys = redis.GetServers()[0].Keys(_factory.RedisDatabase, pageSize: 1000).Select(k => (string)k!).ToList();
        Assert.That(keys, Is.Not.Empty);
        Assert.That(keys.Where(k => k.Contains("acme", StringComparison.Ordinal) || k.Contains('ü', StringComparison.Ordinal) || k.Contains('*', StringComparison.Ordinal)), Is.Empty,
            "keys derive from opaque ids, never from the name");
        Assert.That(keys.Where(k => k.Contains(tenant.Id, StringComparison.Ordinal)).All(k => k.Count(c => c == '{') <= 1), Is.True, "one hash tag per key");
    }

    [Test]
    public async Task T101SuppressionsAndComplaintsStayWithTheirTenant()
    {
        using var a = await _factory.CreateTenantAsync();
        using var b = await _factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(a, "t101-a.test");
        await SendGatewayFactory.AddDomainAsync(b, "t101-b.test");
        var complainer = $"feedback+{Guid.NewGuid():N}@simulator.sendgateway.test";

        var first = await SendAsync(a, "t101-a.test", complainer);
        Assert.That(first.GetProperty("status").GetString(), Is.EqualTo("accepted"));
        await a.WaitForStatusAsync(first.GetProperty("id").GetString()!, "feedback");
        var suppressed = await Polling.UntilAsync(async () => (await a.Client.GetAsync($"/v1/suppressions/{complainer}")).StatusCode, s => s == HttpStatusCode.OK, TimeSpan.FromSeconds(30));
        Assert.That(suppressed, Is.EqualTo(HttpStatusCode.OK), "the complaint suppressed the address for the tenant whose message drew it");
        Assert.That((await b.Client.GetAsync($"/v1/suppressions/{complainer}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "and not for another");

        Assert.That((await SendAsync(b, "t101-b.test", complainer)).GetProperty("status").GetString(), Is.EqualTo("accepted"), "B may still send to it");
        var again = await SendAsync(a, "t101-a.test", complainer);
        Assert.That((again.GetProperty("status").GetString(), again.GetProperty("reason").GetString()), Is.EqualTo(("dropped", "suppressed")), "A may not");
    }

    private static async Task<JsonElement> SendAsync(TestTenant tenant, string domain, string recipient)
    {
        using var response = await tenant.SendAsync(new { from = new { email = $"a@{domain}" }, to = new[] { new { email = recipient } }, subject = "s", text = "t" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0];
    }
}
