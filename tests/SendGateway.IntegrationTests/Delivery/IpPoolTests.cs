using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Delivery;

/// <summary>IP pools (api.md §9): each tenant's mail leaves from its pool's address with that source's EHLO name, as the receiving MX sees it.</summary>
[TestFixture]
public sealed class IpPoolTests
{
    private SendGatewayFactory _factory = null!;
    private HttpClient _admin = null!;
    private TestTenant _a = null!;
    private TestTenant _b = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _factory = new SendGatewayFactory("api,delivery,events");
        _admin = _factory.CreateAdminClient();
        foreach (var (name, address) in new[] { ("pool-a", "127.0.0.2"), ("pool-b", "127.0.0.3"), ("pool-c", "127.0.0.6") })
        {
            var created = await _admin.PostAsJsonAsync("/v1/admin/ip-pools", new { name, sources = new[] { new { address, ehlo_name = $"{name}.mta.sendgateway.test", weight = 1 } } });
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        }

        _a = await _factory.CreateTenantAsync();
        _b = await _factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(_a, "pool-a-sender.test");
        await SendGatewayFactory.AddDomainAsync(_b, "pool-b-sender.test");
        (await _admin.PatchAsJsonAsync($"/v1/admin/tenants/{_a.Id}", new { default_ip_pool = "pool-a", allowed_ip_pools = new[] { "pool-b" } })).EnsureSuccessStatusCode();
        (await _admin.PatchAsJsonAsync($"/v1/admin/tenants/{_b.Id}", new { default_ip_pool = "pool-b" })).EnsureSuccessStatusCode();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _a.Dispose();
        _b.Dispose();
        _admin.Dispose();
        await _factory.DisposeAsync();
    }

    private static async Task<ReceivedMessage> DeliveredAsync(TestTenant tenant, string domain, string? pool)
    {
        var rcpt = $"pool-{Guid.NewGuid():N}@mx-ok.test";
        var response = await tenant.SendAsync(new { from = new { email = $"a@{domain}" }, to = new[] { new { email = rcpt } }, subject = "s", text = "t", ip_pool = pool });
        Assert.That((int)response.StatusCode, Is.EqualTo(202), await response.Content.ReadAsStringAsync());
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;
        await tenant.WaitForStatusAsync(id, "ok");
        return TestEnvironment.Mx1.For(rcpt).Concat(TestEnvironment.Mx2.For(rcpt)).Single();
    }

    [Test]
    public async Task EachTenantsMailLeavesFromItsDefaultPool()
    {
        var fromA = await DeliveredAsync(_a, "pool-a-sender.test", null);
        Assert.That(fromA.Client, Is.EqualTo(IPAddress.Parse("127.0.0.2")));
        Assert.That(fromA.Helo, Is.EqualTo("pool-a.mta.sendgateway.test"));
        var fromB = await DeliveredAsync(_b, "pool-b-sender.test", null);
        Assert.That(fromB.Client, Is.EqualTo(IPAddress.Parse("127.0.0.3")));
        Assert.That(fromB.Helo, Is.EqualTo("pool-b.mta.sendgateway.test"));
    }

    [Test]
    public async Task AMessageMayNameAnAllowedPoolButNotAnother()
    {
        var chosen = await DeliveredAsync(_a, "pool-a-sender.test", "pool-b");
        Assert.That(chosen.Client, Is.EqualTo(IPAddress.Parse("127.0.0.3")));
        var refused = await _a.SendAsync(new { from = new { email = "a@pool-a-sender.test" }, to = new[] { new { email = "x@mx-ok.test" } }, subject = "s", text = "t", ip_pool = "pool-c" });
        Assert.That((int)refused.StatusCode, Is.EqualTo(422));
        Assert.That((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("ip_pool", out _), Is.True);
    }

    [Test]
    public async Task APoolNeedsAddressesThisHostCanBindAndNamesAndWeights()
    {
        var response = await _admin.PostAsJsonAsync("/v1/admin/ip-pools", new { name = "Bad Name", sources = new[] { new { address = "192.0.2.55", ehlo_name = "not a host", weight = 0 } } });
        Assert.That((int)response.StatusCode, Is.EqualTo(422));
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        foreach (var field in new[] { "name", "sources[0].address", "sources[0].ehlo_name", "sources[0].weight" })
        {
            Assert.That(errors.TryGetProperty(field, out _), Is.True, $"{field}: {errors}");
        }

        Assert.That((int)(await _admin.DeleteAsync("/v1/admin/ip-pools/pool-a")).StatusCode, Is.EqualTo(409), "pool-a is a tenant's default");
    }
}
