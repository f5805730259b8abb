using System.Net;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Panel;

/// <summary>
/// What every panel page shares: an icon, linked from each page and served from the panel's own origin (the CSP allows
/// nothing else), and answers that log no warning (the antiforgery token's no-cache headers are the panel's own).
/// </summary>
[TestFixture]
public sealed class PanelShellTests
{
    private readonly CapturingLoggerProvider _logs = new();
    private SendGatewayFactory _factory = null!;

    [OneTimeSetUp]
    public void Start() => _factory = new SendGatewayFactory(roles: "api", logs: _logs);

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _factory.DisposeAsync();
        _logs.Dispose();
    }

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

    [Test]
    public async Task APageWithAFormLogsNoWarning()
    {
        using var client = _factory.CreateClient();
        var answer = await client.GetAsync("/panel/login");
        Assert.That(await answer.Content.ReadAsStringAsync(), Does.Contain("__RequestVerificationToken"), "the page carries an antiforgery token");
        Assert.That(answer.Headers.CacheControl?.NoStore, Is.True);
        Assert.That(_logs.Lines.Where(l => l.Contains(" Warning ", StringComparison.Ordinal)), Is.Empty);
    }
}
