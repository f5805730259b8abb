using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Api;

[TestFixture]
public sealed class OperationsTests
{
    private SendGatewayFactory _factory = null!;

    [OneTimeSetUp]
    public void Start() => _factory = new SendGatewayFactory(roles: "api");

    [OneTimeTearDown]
    public async Task StopAsync() => await _factory.DisposeAsync();

    [TestCase("/healthz")]
    [TestCase("/readyz")]
    public async Task HealthEndpointsAnswer200(string path)
    {
        using var client = _factory.CreateClient();
        Assert.That((await client.GetAsync(path)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task MetricsArePrometheusText()
    {
        using var client = _factory.CreateClient();
        await client.GetAsync("/healthz");
        var response = await client.GetAsync("/metrics");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("# TYPE"));
    }

    [Test]
    public async Task SwaggerUiIsServed()
    {
        using var client = _factory.CreateClient();
        var response = await client.GetAsync("/swagger/index.html");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    /// <summary>
    /// The running service's OpenAPI document must equal the checked-in contract. After an intended API change,
    /// regenerate it with <c>make api-spec</c> (sets UPDATE_API_SPEC=1) and commit it with the code.
    /// </summary>
    [Test]
    public async Task TheOpenApiDocumentMatchesTheCheckedInSpec()
    {
        using var client = _factory.CreateClient();
        var live = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!;
        var path = Path.Combine(TestPaths.RepositoryRoot(), "api-spec", "sendgateway-v1.json");
        var pretty = live.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
        if (Environment.GetEnvironmentVariable("UPDATE_API_SPEC") == "1")
        {
            await File.WriteAllTextAsync(path, pretty);
        }

        Assert.That(File.Exists(path), Is.True, "api-spec/sendgateway-v1.json is missing: run make api-spec");
        var checkedIn = JsonNode.Parse(await File.ReadAllTextAsync(path))!;
        Assert.That(JsonNode.DeepEquals(live, checkedIn), Is.True, "The API differs from api-spec/sendgateway-v1.json: run make api-spec and review the diff");
        Assert.That(live["paths"]!.AsObject().Select(p => p.Key), Is.SupersetOf(new[] { "/v1/messages", "/v1/messages/{id}", "/v1/events", "/v1/stats", "/v1/domains", "/v1/admin/tenants" }));
    }
}
