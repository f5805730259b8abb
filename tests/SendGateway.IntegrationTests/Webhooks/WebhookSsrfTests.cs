using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Webhooks;

/// <summary>The SSRF guard with private networks not allowed (the production default): reliability.md T47–T48.</summary>
[TestFixture]
public sealed class WebhookSsrfTests
{
    private SendGatewayFactory _factory = null!;
    private TestTenant _tenant = null!;
    private WebhookReceiver _receiver = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _factory = new SendGatewayFactory("api,events", new Dictionary<string, string?> { ["SendGateway:Webhooks:AllowPrivateNetworks"] = "false" });
        _tenant = await _factory.CreateTenantAsync();
        _receiver = await WebhookReceiver.StartAsync();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _tenant.Dispose();
        await _factory.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [TestCase("http://127.0.0.1/hook")]
    [TestCase("http://localhost/hook")]
    [TestCase("http://[::1]/hook")]
    [TestCase("http://0.0.0.0/hook")]
    [TestCase("http://169.254.169.254/latest/meta-data")]
    [TestCase("http://[fd00:ec2::254]/hook")]
    [TestCase("http://10.0.0.5/hook")]
    [TestCase("http://172.16.0.1/hook")]
    [TestCase("http://192.168.1.1/hook")]
    [TestCase("http://100.64.0.1/hook")]
    [TestCase("http://[::ffff:127.0.0.1]/hook")]
    [TestCase("http://2130706433/hook")]
    [TestCase("http://0x7f.1/hook")]
    [TestCase("http://017700000001/hook")]
    [TestCase("http://127.1/hook")]
    [TestCase("http://hooks.svc.cluster.local/hook")]
    [TestCase("file:///etc/passwd")]
    [TestCase("gopher://example.test/_x")]
    [TestCase("http://public-hook.test:6379/")]
    [TestCase("http://public-hook.test:5432/")]
    [TestCase("http://public-hook.test:25/")]
    [TestCase("http://user:pass@public-hook.test/")]
    [TestCase("not a url")]
    public async Task RegistrationRefusesInternalTargets(string url)
    {
        TestEnvironment.Dns.SetA("public-hook.test", "203.0.113.10");
        var response = await _tenant.Client.PostAsJsonAsync("/v1/webhooks", new { url });
        Assert.That((int)response.StatusCode, Is.EqualTo(422), await response.Content.ReadAsStringAsync());
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.That(errors.TryGetProperty("url", out _), Is.True);
    }

    [Test]
    public async Task APublicHostIsAcceptedAndAHostThatDoesNotResolveIsNot()
    {
        TestEnvironment.Dns.SetA("public-hook.test", "203.0.113.10");
        var ok = await _tenant.Client.PostAsJsonAsync("/v1/webhooks", new { url = "https://public-hook.test/hooks" });
        Assert.That(ok.StatusCode, Is.EqualTo(HttpStatusCode.Created), await ok.Content.ReadAsStringAsync());
        var missing = await _tenant.Client.PostAsJsonAsync("/v1/webhooks", new { url = $"https://missing-{Guid.NewGuid():N}.test/hooks" });
        Assert.That((int)missing.StatusCode, Is.EqualTo(422));
    }

    [Test]
    public async Task ARebindingToLoopbackAfterRegistrationIsBlockedAtConnectTimeAndNothingReachesTheAddress()
    {
        TestEnvironment.Dns.SetA("rebind-hook.test", "203.0.113.20");
        var response = await _tenant.Client.PostAsJsonAsync("/v1/webhooks", new { url = $"http://rebind-hook.test:{_receiver.Port}/hooks/rebind" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        await _receiver.ConfigureAsync("rebind", created.GetProperty("secret").GetString()!, 204);

        TestEnvironment.Dns.SetA("rebind-hook.test", "127.0.0.1");
        var id = created.GetProperty("id").GetString()!;
        var result = await (await _tenant.Client.PostAsync($"/v1/webhooks/{id}/test", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(result.GetProperty("succeeded").GetBoolean(), Is.False);
        Assert.That(result.GetProperty("error").GetString(), Is.EqualTo("blocked_destination"));
        Assert.That(await _receiver.ReceivedAsync("rebind"), Is.Empty);
        var log = await _tenant.Client.GetFromJsonAsync<JsonElement>($"/v1/webhooks/{id}/deliveries");
        Assert.That(log.GetProperty("data")[0].GetProperty("error").GetString(), Is.EqualTo("blocked_destination"));
    }
}
