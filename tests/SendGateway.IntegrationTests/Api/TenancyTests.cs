using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.Server.Tenants;

namespace SendGateway.IntegrationTests.Api;

/// <summary>Keys, scopes, the operator API and tenant isolation (api.md §1, §9; reliability.md T33, T34, T96).</summary>
[TestFixture]
public sealed class TenancyTests
{
    private SendGatewayFactory _factory = null!;
    private TestTenant _a = null!;
    private TestTenant _b = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _factory = new SendGatewayFactory(roles: "api,events");
        _a = await _factory.CreateTenantAsync();
        _b = await _factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(_a, "tenant-a.test");
        await SendGatewayFactory.AddDomainAsync(_b, "tenant-b.test");
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _a.Dispose();
        _b.Dispose();
        await _factory.DisposeAsync();
    }

    [TestCase(null)]
    [TestCase("Bearer nonsense")]
    [TestCase("Bearer sgk_unknownid_unknownsecret")]
    [TestCase("Basic dXNlcjpwYXNz")]
    public async Task NoOrBadKeyIs401WithAChallenge(string? authorization)
    {
        using var client = _factory.CreateClient();
        if (authorization is not null)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);
        }

        var response = await client.GetAsync("/v1/domains");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(response.Headers.WwwAuthenticate.ToString(), Does.Contain("Bearer"));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    [Test]
    public async Task AKeyWithTheRightIdButAWrongSecretIs401()
    {
        var keyId = _a.ApiKey.Split('_')[1];
        using var client = _factory.Authorized($"sgk_{keyId}_{new string('x', 32)}");
        Assert.That((await client.GetAsync("/v1/domains")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task AKeyWithoutTheScopeIs403()
    {
        var readOnly = await _factory.Services.GetRequiredService<TenantStore>().CreateApiKeyAsync(_a.Id, "read-only", [Scopes.Read], CancellationToken.None);
        using var client = _factory.Authorized(readOnly);
        var send = await client.PostAsJsonAsync("/v1/messages", new { });
        Assert.That(send.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await client.GetAsync("/v1/domains")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await client.GetAsync("/v1/events")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task TheOperatorApiTakesOnlyTheOperatorKey()
    {
        Assert.That((await _a.Client.GetAsync("/v1/admin/tenants")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        using var anonymous = _factory.CreateClient();
        Assert.That((await anonymous.GetAsync("/v1/admin/tenants")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));

        using var admin = _factory.CreateAdminClient();
        var list = await admin.GetFromJsonAsync<JsonElement>("/v1/admin/tenants?limit=1000");
        Assert.That(list.GetProperty("data").EnumerateArray().Select(t => t.GetProperty("id").GetString()), Does.Contain(_a.Id).And.Contain(_b.Id));
        var one = await admin.GetFromJsonAsync<JsonElement>($"/v1/admin/tenants/{_a.Id}");
        Assert.That(one.GetProperty("suspended").GetBoolean(), Is.False);
        Assert.That((await admin.GetAsync("/v1/admin/tenants/ten_doesnotexist")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task CreatingATenantReturns201WithAKeyThatWorks()
    {
        using var admin = _factory.CreateAdminClient();
        var response = await admin.PostAsJsonAsync("/v1/admin/tenants", new { name = "Fresh Co" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(body.GetProperty("api_key").GetString(), Does.Match("^sgk_[a-z0-9]+_[a-z0-9]+$"));
        using var client = _factory.Authorized(body.GetProperty("api_key").GetString()!);
        Assert.That((await client.GetAsync("/v1/domains")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await admin.PostAsJsonAsync("/v1/admin/tenants", new { name = "" })).StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
    }

    [Test]
    public async Task KeysAndDkimPrivateKeysAreNotStoredInPlaintext()
    {
        await using var connection = new NpgsqlConnection(_factory.PostgresConnectionString);
        var secret = _a.ApiKey[(_a.ApiKey.LastIndexOf('_') + 1)..];
        var dump = string.Join("\n", await connection.QueryAsync<string>("SELECT row_to_json(k)::text FROM api_keys k UNION ALL SELECT row_to_json(d)::text FROM domains d"));
        Assert.That(dump, Does.Not.Contain(secret));
        Assert.That(dump, Does.Not.Contain("PRIVATE KEY"));
        var sealedKey = await connection.QuerySingleAsync<byte[]>("SELECT dkim_private_key FROM domains WHERE name = 'tenant-a.test'");
        Assert.That(System.Text.Encoding.ASCII.GetString(sealedKey), Does.Not.Contain("BEGIN"));
    }

    [Test]
    public async Task AnotherTenantsMessageIs404()
    {
        var sent = await _b.SendAsync(new { from = new { email = "x@tenant-b.test" }, to = new[] { new { email = "z@example.test" } }, subject = "s", text = "t" });
        var id = (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString();
        await _b.WaitForIngestedStatusAsync(id!, "injected");

        var response = await _a.Client.GetAsync($"/v1/messages/{id}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        var filtered = await _a.Client.GetFromJsonAsync<JsonElement>($"/v1/events?message_id={id}");
        Assert.That(filtered.GetProperty("data").GetArrayLength(), Is.Zero);
    }

    [Test]
    public async Task AnotherTenantsDomainIs404AndCannotBeUsedAsSender()
    {
        Assert.That((await _a.Client.GetAsync("/v1/domains/tenant-b.test")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await _a.Client.DeleteAsync("/v1/domains/tenant-b.test")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        var send = await _a.SendAsync(new { from = new { email = "x@tenant-b.test" }, to = new[] { new { email = "z@example.test" } }, subject = "s", text = "t" });
        Assert.That(send.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
    }
}
