using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OtpNet;
using SendGateway.Server.Users.Panel;
using SendGateway.Server.Users;

namespace SendGateway.IntegrationTests.Panel;

/// <summary>
/// Sign-in throttling does not lock an account out for its owner (issue 32 §4), in the browser. 127.0.0.1 is a trusted
/// proxy here, so each browser context is a different client through its <c>X-Forwarded-For</c>.
/// </summary>
[TestFixture]
public sealed class SignInThrottleTests() : PanelPageFixture("api,relay", new Dictionary<string, string?>
{
    ["SendGateway:Proxies:Trusted:0"] = "127.0.0.1",
    ["SendGateway:Panel:FreeFailures"] = "2",
    ["SendGateway:Panel:FailureDelay"] = "00:05:00",
    ["SendGateway:Panel:MaxFailureDelay"] = "00:10:00",
    ["SendGateway:Panel:MaxFailuresPerAccount"] = "2",
})
{
    private async Task<IPage> FromAsync(string address)
    {
        var context = await Browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Origin, ExtraHTTPHeaders = new Dictionary<string, string> { ["X-Forwarded-For"] = address },
        });
        return await context.NewPageAsync();
    }

    [Test]
    public async Task TheOwnerSignsInWhileFailuresFromAnotherAddressMakeThatAddressWait()
    {
        using var tenant = await Factory.CreateTenantAsync();
        var email = $"owner-{Guid.NewGuid():N}@people.test";
        var created = (await Factory.Services.GetRequiredService<UserAccounts>().CreateAsync(tenant.Id, email, PanelRoles.Owner, null, true, CancellationToken.None))!;
        var secret = Base32Encoding.ToBytes(System.Web.HttpUtility.ParseQueryString(new Uri(created.OtpauthUri!).Query)["secret"]!);

        var attacker = await FromAsync("198.51.100.66");
        foreach (var guess in new[] { "guess-one", "guess-two", "guess-three" })
        {
            await PanelBrowser.PasswordAsync(attacker, email, guess);
            await Assertions.Expect(attacker.GetByRole(AriaRole.Alert)).ToHaveTextAsync(LoginPage.WrongCredentials);
        }

        await PanelBrowser.PasswordAsync(attacker, email, created.Password!);
        await Assertions.Expect(attacker.GetByRole(AriaRole.Alert)).ToHaveTextAsync(LoginPage.Paused);
        Assert.That(attacker.Url, Does.EndWith("/panel/login"), "the attacking address waits, even with the right password");

        var owner = await FromAsync("192.0.2.44");
        await PanelBrowser.PasswordAsync(owner, email, created.Password!);
        await PanelBrowser.WaitForUrlAsync(owner, url => new Uri(url).AbsolutePath == "/panel/login/code");
        await owner.GetByLabel("Code").FillAsync(new Totp(secret).ComputeTotp(DateTime.UtcNow));
        await owner.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();
        await PanelBrowser.WaitForUrlAsync(owner, url => url == $"{Origin}/panel");
        await Assertions.Expect(owner.GetByRole(AriaRole.Heading, new() { Name = "Overview" })).ToBeVisibleAsync();

        await PanelBrowser.PasswordAsync(attacker, email, created.Password!);
        await Assertions.Expect(attacker.GetByRole(AriaRole.Alert)).ToHaveTextAsync(LoginPage.Paused, new() { Timeout = 10_000 });
    }
}
