using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Delivery;

/// <summary>
/// <c>DELETE /v1/admin/ip-pools/{name}</c> (api.md §9): the pool leaves every tenant's allowed list with it, and a
/// delete refused because a tenant has the pool as default changes no allowed list (one transaction: Tenants' update
/// and IpPools' delete, issue 33 §2).
/// </summary>
[TestFixture]
public sealed class IpPoolDeletionTests
{
    [Test]
    public async Task ADeletedPoolLeavesTheAllowedListsAndARefusedDeleteChangesNone()
    {
        await using var factory = new SendGatewayFactory("api");
        using var admin = factory.CreateAdminClient();
        foreach (var (name, address) in new[] { ("kept-pool", "127.0.0.2"), ("gone-pool", "127.0.0.3") })
        {
            var created = await admin.PostAsJsonAsync("/v1/admin/ip-pools", new { name, sources = new[] { new { address, ehlo_name = $"{name}.mta.sendgateway.test", weight = 1 } } });
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        }

        using var owner = await factory.CreateTenantAsync();
        using var other = await factory.CreateTenantAsync();
        (await admin.PatchAsJsonAsync($"/v1/admin/tenants/{owner.Id}", new { default_ip_pool = "kept-pool", allowed_ip_pools = new[] { "gone-pool" } })).EnsureSuccessStatusCode();
        (await admin.PatchAsJsonAsync($"/v1/admin/tenants/{other.Id}", new { allowed_ip_pools = new[] { "kept-pool", "gone-pool" } })).EnsureSuccessStatusCode();

        Assert.That((await admin.DeleteAsync("/v1/admin/ip-pools/kept-pool")).StatusCode, Is.EqualTo(HttpStatusCode.Conflict), "kept-pool is a tenant's default");
        Assert.That(await AllowedAsync(admin, other.Id), Is.EqualTo(new[] { "kept-pool", "gone-pool" }), "the refused delete took the pool out of no allowed list");

        Assert.That((await admin.DeleteAsync("/v1/admin/ip-pools/gone-pool")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(await AllowedAsync(admin, owner.Id), Is.Empty);
        Assert.That(await AllowedAsync(admin, other.Id), Is.EqualTo(new[] { "kept-pool" }));
        Assert.That((await admin.DeleteAsync("/v1/admin/ip-pools/gone-pool")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "gone, and in no allowed list");
    }

    private static async Task<string[]> AllowedAsync(HttpClient admin, string tenantId) =>
        [.. (await admin.GetFromJsonAsync<JsonElement>($"/v1/admin/tenants/{tenantId}")).GetProperty("allowed_ip_pools").EnumerateArray().Select(p => p.GetString()!)];
}
