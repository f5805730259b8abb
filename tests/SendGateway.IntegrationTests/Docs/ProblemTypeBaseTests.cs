using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.Server.Common;

namespace SendGateway.IntegrationTests.Docs;

/// <summary>
/// <c>SendGateway:Docs:ProblemTypeBase</c>: problem types can point at a guide published elsewhere, and a base that is
/// neither an absolute http(s) URI nor a path stops the start naming the key.
/// </summary>
[TestFixture]
public sealed class ProblemTypeBaseTests
{
    [TearDown]
    public void RestoreTheDefault() => Problems.TypeBase = Problems.DefaultTypeBase; // set at each start; tests after this one start with the default

    [Test]
    public async Task AConfiguredBaseStartsEveryProblemsType()
    {
        await using var factory = new SendGatewayFactory(roles: "api", settings: new Dictionary<string, string?>
        {
            ["SendGateway:Docs:ProblemTypeBase"] = "https://docs.example.test/troubleshooting/problems.html#",
        });
        using var admin = factory.CreateAdminClient();
        using var missing = await admin.GetAsync($"/v1/admin/tenants/ten_{Guid.NewGuid():N}");

        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        var type = (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString();
        Assert.That(type, Is.EqualTo("https://docs.example.test/troubleshooting/problems.html#not_found"));
    }

    [TestCase("ftp://docs.example.test/problems#")]
    [TestCase("//docs.example.test/problems#")]
    [TestCase("problems.html#")]
    public async Task ABaseThatIsNeitherAnHttpUriNorAPathStopsTheStart(string value)
    {
        var (exit, output) = await ServerProcess.RunAsync(new Dictionary<string, string>
        {
            ["ConnectionStrings__Redis"] = $"127.0.0.1:{ProcessRunner.FreePort()},connectTimeout=500",
            ["ConnectionStrings__Postgres"] = $"Host=127.0.0.1;Port={ProcessRunner.FreePort()};Username=nobody;Database=none;Timeout=1",
            ["SendGateway__Secrets__MasterKey"] = SendGatewayFactory.MasterKey,
            ["SendGateway__Docs__ProblemTypeBase"] = value,
        }, "migrate");

        Assert.That(exit, Is.EqualTo(1), output);
        Assert.That(output, Does.Contain("Invalid configuration: SendGateway:Docs:ProblemTypeBase:"));
    }
}
