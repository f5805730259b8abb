using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Tenancy;

/// <summary><c>/v1/api-keys</c>: scopes and allowed source addresses enforced (403), revocation immediate on every node.</summary>
[TestFixture]
public sealed class ApiKeysTests
{
    private SendGatewayFactory _nodeA = null!; // real Kestrel, so the client address is real
    private SendGatewayFactory _nodeB = null!;
    private TestTenant _tenant = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _nodeA = new SendGatewayFactory("api,relay");
        _nodeA.StartServer();
        _tenant = await _nodeA.CreateTenantAsync();
        _nodeB = new SendGatewayFactory("api", redisDatabase: _nodeA.RedisDatabase, postgresDatabase: _nodeA.PostgresDatabase);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _tenant.Dispose();
        await _nodeB.DisposeAsync();
        await _nodeA.DisposeAsync();
    }

    private async Task<(string Id, string Key)> CreateKeyAsync(object body)
    {
        var response = await _tenant.Client.PostAsJsonAsync("/v1/api-keys", body);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (created.GetProperty("id").GetString()!, created.GetProperty("key").GetString()!);
    }

    [Test]
    public async Task AKeyHasOnlyItsScopesAndIsListedWithoutItsSecret()
    {
        var (id, key) = await CreateKeyAsync(new { name = "reader", scopes = new[] { "read" } });
        using var reader = _nodeA.Authorized(key);
        Assert.That((await reader.GetAsync("/v1/events")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await reader.GetAsync("/v1/api-keys")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        var list = await _tenant.Client.GetStringAsync("/v1/api-keys");
        Assert.That(list, Does.Contain(id).And.Not.Contain(key.Split('_')[2]));
    }

    [Test]
    public async Task AllowedIpsAreEnforcedWith403()
    {
        var (_, elsewhere) = await CreateKeyAsync(new { name = "office", allowed_ips = new[] { "203.0.113.0/24" } });
        using var denied = _nodeA.Authorized(elsewhere);
        var response = await denied.GetAsync("/v1/events");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("allowed_ips"));

        var (_, local) = await CreateKeyAsync(new { name = "loopback", allowed_ips = new[] { "127.0.0.1", "::1" } });
        using var allowed = _nodeA.Authorized(local);
        Assert.That((await allowed.GetAsync("/v1/events")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var bad = await _tenant.Client.PostAsJsonAsync("/v1/api-keys", new { name = "x", scopes = new[] { "root" }, allowed_ips = new[] { "not-an-ip" } });
        Assert.That((int)bad.StatusCode, Is.EqualTo(422));
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.That(errors.TryGetProperty("scopes", out _) && errors.TryGetProperty("allowed_ips", out _), Is.True, errors.ToString());
    }

    [Test]
    public async Task ARevokedKeyIsRefusedAtOnceOnAnotherNodeThatHadItCached()
    {
        var (id, key) = await CreateKeyAsync(new { name = "soon revoked" });
        using var onB = _nodeB.Authorized(key);
        Assert.That((await onB.GetAsync("/v1/events")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "node B now caches the key for 30 s");

        Assert.That((await _tenant.Client.DeleteAsync($"/v1/api-keys/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        var status = HttpStatusCode.OK;
        for (var i = 0; i < 20 && status != HttpStatusCode.Unauthorized; i++)
        {
            status = (await onB.GetAsync("/v1/events")).StatusCode;
            await Task.Delay(status == HttpStatusCode.Unauthorized ? 0 : 50);
        }

        Assert.That(status, Is.EqualTo(HttpStatusCode.Unauthorized), "within a second, not after the 30 s cache");
        Assert.That((await _tenant.Client.DeleteAsync($"/v1/api-keys/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
