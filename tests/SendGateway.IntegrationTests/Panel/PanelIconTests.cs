using System.Net;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Panel;

/// <summary>The panel has an icon: every page links it, and it is served from the panel's own origin (the CSP allows nothing else).</summary>
[TestFixture]
public sealed class PanelIconTests
{
    private SendGatewayFactory _factory = null!;

    [OneTimeSetUp]
    public void Start() => _factory = new SendGatewayFactory(roles: "api");

    [OneTimeTearDown]
    public async Task StopAsync() => await _factory.DisposeAsync();

    [Test]
    public async Task TheSignInPageLinksAnIconThePanelServes()
    {
        using var client = _factory.CreateClient();
        var page = await client.GetStringAsync("/panel/login");
        Assert.That(page, Does.Contain("<link rel=\"icon\" href=\"/panel/favicon.svg\" type=\"image/svg+xml\">"));

        var icon = await client.GetAsync("/panel/favicon.svg");
        Assert.That(icon.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(icon.Content.Headers.ContentType?.MediaType, Is.EqualTo("image/svg+xml"));
        Assert.That(await icon.Content.ReadAsStringAsync(), Does.StartWith("<svg"));
    }
}
