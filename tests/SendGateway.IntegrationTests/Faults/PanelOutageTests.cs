using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.IntegrationTests.Panel;
using SendGateway.Server.Users;

namespace SendGateway.IntegrationTests.Faults;

/// <summary>Sign-in counts attempts in Redis: while Redis is down the page says so plainly (no error page, no sign-in without the count).</summary>
[TestFixture]
public sealed class PanelOutageTests
{
    [Test]
    public async Task SignInDuringARedisOutageSaysItIsUnavailableAndWorksAfter()
    {
        await using var stores = await StoreFaults.StartAsync();
        await using var factory = new SendGatewayFactory("api,relay", stores.Settings("connectTimeout=1000,syncTimeout=1500,asyncTimeout=1500"));
        factory.StartServer();
        using var tenant = await factory.CreateTenantAsync();
        var email = $"outage-{Guid.NewGuid():N}@people.test";
        var created = (await factory.Services.GetRequiredService<UserAccounts>().CreateAsync(tenant.Id, email, PanelRoles.Viewer, null, false, CancellationToken.None))!;
        await using var browser = await PanelBrowser.StartAsync();
        var page = await browser.NewPageAsync($"http://127.0.0.1:{factory.HttpPort}");

        await stores.BreakAsync(StoreKind.Redis, StoreFault.Kill);
        await PanelBrowser.PasswordAsync(page, email, created.Password!);
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Sign-in is unavailable just now. Try again in a minute.");

        await stores.RepairAsync(StoreKind.Redis);
        var landed = await Polling.UntilAsync(async () =>
        {
            await PanelBrowser.PasswordAsync(page, email, created.Password!);
            return page.Url;
        }, url => url.EndsWith("/panel/enrol", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        Assert.That(landed, Does.EndWith("/panel/enrol"), "signed in (on to enrolment) once Redis answers again");
    }
}
