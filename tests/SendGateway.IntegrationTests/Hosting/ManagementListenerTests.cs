using System.Net;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Hosting;

/// <summary>
/// <c>SendGateway:Management:Urls</c> (issue 32 §7): <c>/metrics</c>, <c>/swagger</c> and <c>/openapi</c> answer on the
/// management listener only; the public listener keeps the API and the health checks.
/// </summary>
[TestFixture]
public sealed class ManagementListenerTests
{
    private SendGatewayFactory _factory = null!;
    private int _managementPort;

    [OneTimeSetUp]
    public void Start()
    {
        _managementPort = ProcessRunner.FreePort();
        _factory = new SendGatewayFactory("api,relay", new Dictionary<string, string?>
        {
            ["SendGateway:Management:Urls"] = $"http://127.0.0.1:{_managementPort}",
        });
        _factory.StartServer();
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _factory.DisposeAsync();

    [TestCase("/metrics")]
    [TestCase("/openapi/v1.json")]
    [TestCase("/swagger/index.html")]
    public async Task AManagementPathIsServedOnTheManagementListenerOnly(string path)
    {
        using var client = new HttpClient();
        var management = await client.GetAsync($"http://127.0.0.1:{_managementPort}{path}");
        Assert.That(management.StatusCode, Is.EqualTo(HttpStatusCode.OK), "on the management listener");
        var @public = await client.GetAsync($"http://127.0.0.1:{_factory.HttpPort}{path}");
        Assert.That(@public.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "not on the public listener");
    }

    [Test]
    public async Task ThePublicListenerKeepsTheApiAndTheManagementListenerServesNothingElse()
    {
        using var client = new HttpClient();
        Assert.That((await client.GetAsync($"http://127.0.0.1:{_factory.HttpPort}/healthz")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await client.GetAsync($"http://127.0.0.1:{_factory.HttpPort}/v1/events")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await client.GetAsync($"http://127.0.0.1:{_managementPort}/healthz")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await client.GetAsync($"http://127.0.0.1:{_managementPort}/v1/events")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await client.GetAsync($"http://127.0.0.1:{_managementPort}/panel/login")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
