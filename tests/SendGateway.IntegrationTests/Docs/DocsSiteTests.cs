using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Docs;

/// <summary>
/// The api role's front pages: <c>/</c> leads to the panel, the built guide is served at <c>/docs</c> from the configured
/// folder, and a problem's <c>type</c> is a page of that guide this service serves.
/// </summary>
[TestFixture]
public sealed class DocsSiteTests
{
    private DirectoryInfo _site = null!;
    private SendGatewayFactory _factory = null!;

    [OneTimeSetUp]
    public void Start()
    {
        _site = Directory.CreateTempSubdirectory("sendgateway-site-");
        File.WriteAllText(Path.Combine(_site.FullName, "index.html"), "<html><body>guide home</body></html>");
        Directory.CreateDirectory(Path.Combine(_site.FullName, "troubleshooting"));
        File.WriteAllText(Path.Combine(_site.FullName, "troubleshooting", "problems.html"), """<html><body><h2 id="not_found">not_found</h2></body></html>""");
        _factory = new SendGatewayFactory(roles: "api", settings: new Dictionary<string, string?> { ["SendGateway:Docs:SiteFolder"] = _site.FullName });
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _factory.DisposeAsync();
        _site.Delete(recursive: true);
    }

    [Test]
    public async Task TheRootLeadsToThePanel()
    {
        using var client = _factory.CreateClient(new() { AllowAutoRedirect = false });
        using var response = await client.GetAsync("/");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location?.OriginalString, Is.EqualTo("/panel"));
    }

    [Test]
    public async Task TheGuideIsServedAtDocs()
    {
        using var client = _factory.CreateClient(new() { AllowAutoRedirect = false });
        using var bare = await client.GetAsync("/docs");
        Assert.That((bare.StatusCode, bare.Headers.Location?.OriginalString), Is.EqualTo((HttpStatusCode.MovedPermanently, "http://localhost/docs/")));

        using var home = await client.GetAsync("/docs/");
        Assert.That(home.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(home.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
        Assert.That(home.Headers.GetValues("X-Content-Type-Options"), Is.EqualTo(new[] { "nosniff" }));
        Assert.That(await home.Content.ReadAsStringAsync(), Does.Contain("guide home"));
        Assert.That((await client.GetAsync("/docs/nothing-here.html")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task AProblemsTypeIsTheGuidesEntryForItsCodeOnThisService()
    {
        using var admin = _factory.CreateAdminClient();
        using var missing = await admin.GetAsync($"/v1/admin/tenants/ten_{Guid.NewGuid():N}");
        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        var type = (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString()!;
        Assert.That(type, Is.EqualTo("/docs/troubleshooting/problems.html#not_found"));

        using var client = _factory.CreateClient();
        using var page = await client.GetAsync(type.Split('#')[0]);
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await page.Content.ReadAsStringAsync(), Does.Contain("id=\"not_found\""));
    }
}
