using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OtpNet;
using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.Server.Users;

namespace SendGateway.IntegrationTests.Panel;

/// <summary>
/// One server (API and relay unless a fixture names other roles) and one browser for a fixture of panel page tests; each test makes its own tenant and
/// signs in as a new person of the role it needs.
/// </summary>
public abstract class PanelPageFixture(string roles = "api,relay", IDictionary<string, string?>? settings = null)
{
    protected SendGatewayFactory Factory { get; private set; } = null!;

    protected PanelBrowser Browser { get; private set; } = null!;

    protected string Origin { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        Factory = new SendGatewayFactory(roles, settings);
        Factory.StartServer();
        Origin = $"http://127.0.0.1:{Factory.HttpPort}";
        Browser = await PanelBrowser.StartAsync();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await Browser.DisposeAsync();
        await Factory.DisposeAsync();
    }

    protected async Task<IPage> SignedInAsync(string? tenantId, string role)
    {
        var email = $"{role}-{Guid.NewGuid():N}@people.test";
        var created = (await Factory.Services.GetRequiredService<UserAccounts>().CreateAsync(tenantId, email, role, null, true, CancellationToken.None))!;
        var secret = Base32Encoding.ToBytes(System.Web.HttpUtility.ParseQueryString(new Uri(created.OtpauthUri!).Query)["secret"]!);
        return await Browser.SignedInAsync(Origin, email, created.Password!, secret);
    }
}
