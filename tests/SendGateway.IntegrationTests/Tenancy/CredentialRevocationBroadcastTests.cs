using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Tenancy;

/// <summary>
/// Two relay nodes on the same Redis and PostgreSQL: a revoked SMTP credential, or a suspended tenant's SMTP logins and
/// API keys, stop working on the node that did not make the change within seconds, not after its login cache (one
/// minute for relay logins, 30 s for API key rows) runs out.
/// </summary>
[TestFixture]
public sealed class CredentialRevocationBroadcastTests
{
    private static readonly TimeSpan Reach = TimeSpan.FromSeconds(5); // the caches last 30 s and 1 min; the broadcast takes milliseconds
    private SendGatewayFactory _nodeA = null!;
    private SendGatewayFactory _nodeB = null!;

    [OneTimeSetUp]
    public void Start()
    {
        _nodeA = new SendGatewayFactory("api,relay");
        _nodeA.StartServer();
        _nodeB = new SendGatewayFactory("api,relay", redisDatabase: _nodeA.RedisDatabase, postgresDatabase: _nodeA.PostgresDatabase);
        _nodeB.StartServer();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _nodeB.DisposeAsync();
        await _nodeA.DisposeAsync();
    }

    [Test]
    public async Task ARevokedSmtpCredentialIsRefusedOnTheOtherNodeWithinSeconds()
    {
        using var tenant = await _nodeA.CreateTenantAsync();
        var (id, username, password) = await CreateCredentialAsync(tenant);
        Assert.That(await LoginAsync(_nodeB, username, password), Does.StartWith("235 "), "node B caches the login for a minute");

        Assert.That((await tenant.Client.DeleteAsync($"/v1/smtp-credentials/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));

        var reply = await Polling.UntilAsync(() => LoginAsync(_nodeB, username, password), r => r.StartsWith("535 ", StringComparison.Ordinal), Reach);
        Assert.That(reply, Does.StartWith("535 "), "node B refuses the revoked login at once, not after its one-minute cache");
    }

    [Test]
    public async Task ASuspendedTenantsSmtpLoginsAndApiKeysStopOnEveryNodeWithinSeconds()
    {
        using var tenant = await _nodeA.CreateTenantAsync();
        var (_, username, password) = await CreateCredentialAsync(tenant);
        using var keyOnB = _nodeB.Authorized(tenant.ApiKey);
        Assert.That(await LoginAsync(_nodeB, username, password), Does.StartWith("235 "), "node B caches the login");
        Assert.That((await keyOnB.GetAsync("/v1/events")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "node B caches the key row for 30 s");
        Assert.That((await tenant.Client.GetAsync("/v1/events")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "node A caches the key row too");

        using var admin = _nodeA.CreateAdminClient();
        var suspend = await admin.PatchAsJsonAsync($"/v1/admin/tenants/{tenant.Id}", new { suspended = true });
        Assert.That(suspend.StatusCode, Is.EqualTo(HttpStatusCode.OK), await suspend.Content.ReadAsStringAsync());

        var onB = await Polling.UntilAsync(async () => (await keyOnB.GetAsync("/v1/events")).StatusCode, s => s == HttpStatusCode.Unauthorized, Reach);
        Assert.That(onB, Is.EqualTo(HttpStatusCode.Unauthorized), "node B refuses the suspended tenant's key at once");
        var onA = await Polling.UntilAsync(async () => (await tenant.Client.GetAsync("/v1/events")).StatusCode, s => s == HttpStatusCode.Unauthorized, Reach);
        Assert.That(onA, Is.EqualTo(HttpStatusCode.Unauthorized), "the node that suspended it refuses the key at once too");
        var login = await Polling.UntilAsync(() => LoginAsync(_nodeB, username, password), r => r.StartsWith("535 ", StringComparison.Ordinal), Reach);
        Assert.That(login, Does.StartWith("535 "), "node B refuses the suspended tenant's SMTP login at once");
    }

    private static async Task<(string Id, string Username, string Password)> CreateCredentialAsync(TestTenant tenant)
    {
        var response = await tenant.Client.PostAsJsonAsync("/v1/smtp-credentials", new { name = "app" });
        response.EnsureSuccessStatusCode();
        var credential = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (credential.GetProperty("id").GetString()!, credential.GetProperty("username").GetString()!, credential.GetProperty("password").GetString()!);
    }

    /// <summary>The reply to AUTH PLAIN in a new session on <paramref name="node"/>'s submission port, after STARTTLS.</summary>
    private static async Task<string> LoginAsync(SendGatewayFactory node, string username, string password)
    {
        await using var client = await RawSmtpClient.ConnectAsync(node.SubmissionPort);
        await client.SendAsync("EHLO raw.test\r\n");
        await client.StartTlsAsync();
        await client.SendAsync("EHLO raw.test\r\n");
        return await client.SendAsync($"AUTH PLAIN {RawSmtpClient.Plain(username, password)}\r\n");
    }
}
