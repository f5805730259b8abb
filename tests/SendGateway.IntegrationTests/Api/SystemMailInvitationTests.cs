using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Api;

/// <summary>
/// With a system sender configured (<c>SendGateway:SystemMail</c>: an address on a domain an operator tenant has
/// proven), the service mails an invitation's link itself through its accept path to a real MX, and the API answer
/// does not carry it (issue 32 §4).
/// </summary>
[TestFixture]
public sealed class SystemMailInvitationTests
{
    private SendGatewayFactory _setup = null!;
    private SendGatewayFactory _factory = null!;
    private string _domain = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        // The operator tenant and its proven domain first; then the service configured to send from it, on the same databases.
        _setup = new SendGatewayFactory("api");
        using var operatorTenant = await _setup.CreateTenantAsync();
        _domain = $"sys-{Guid.NewGuid():N}"[..16] + ".test";
        await SendGatewayFactory.AddDomainAsync(operatorTenant, _domain);
        _factory = new SendGatewayFactory("api,delivery,events", new Dictionary<string, string?>
        {
            ["SendGateway:SystemMail:From"] = $"no-reply@{_domain}", ["SendGateway:SystemMail:TenantId"] = operatorTenant.Id,
        }, redisDatabase: _setup.RedisDatabase, postgresDatabase: _setup.PostgresDatabase);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _factory.DisposeAsync();
        await _setup.DisposeAsync();
    }

    [Test]
    public async Task TheInvitationIsMailedFromTheSystemSenderAndNotShown()
    {
        using var tenant = await _factory.CreateTenantAsync();
        var person = $"invited-{Guid.NewGuid():N}@mx-ok.test";
        var response = await tenant.Client.PostAsJsonAsync("/v1/users", new { email = person, role = "viewer" });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), body.ToString());
        Assert.That(body.GetProperty("invitation_mailed").GetBoolean(), Is.True);
        Assert.That(body.GetProperty("invitation_url").ValueKind, Is.EqualTo(JsonValueKind.Null), "mailed: nobody else sees the link");

        var received = await Polling.UntilAsync(() => Task.FromResult(TestEnvironment.Mx1.For(person).ToList()), m => m.Count > 0, TimeSpan.FromSeconds(60));
        Assert.That(received, Has.Count.EqualTo(1), "the invitation reached the MX");
        var mail = received[0].Parse();
        Assert.That(mail.From.Mailboxes.Single().Address, Is.EqualTo($"no-reply@{_domain}"));
        var link = System.Text.RegularExpressions.Regex.Match(mail.TextBody ?? string.Empty, @"http://localhost/panel/welcome/[A-Za-z0-9_-]+").Value;
        Assert.That(link, Is.Not.Empty, mail.TextBody);
        Assert.That(await tenant.Client.GetStringAsync(new Uri(link).AbsolutePath), Does.Contain("Welcome to SendGateway").And.Contain(person), "the mailed link works");
        var actions = (await tenant.Client.GetFromJsonAsync<JsonElement>("/v1/audit-log?limit=1000")).GetProperty("data").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.That(actions, Does.Contain("user.invitation_mailed").And.No.Contain("user.invitation_shown"));
    }
}
