using Microsoft.Playwright;
using SendGateway.Server.Users;

namespace SendGateway.IntegrationTests.Panel;

/// <summary>
/// Panel sessions on the server (issue 32 §5) in the browser: a copied cookie dies with sign-out.
/// </summary>
[TestFixture]
public sealed class PanelSessionTests() : PanelPageFixture("api,relay")
{
    [Test]
    public async Task ACopiedSessionCookieStopsWorkingAfterSignOut()
    {
        using var tenant = await Factory.CreateTenantAsync();
        var page = await SignedInAsync(tenant.Id, PanelRoles.Developer);
        var cookie = (await page.Context.CookiesAsync()).Single(c => c.Name == "sg_panel");

        var copy = await Browser.NewPageAsync(Origin);
        await copy.Context.AddCookiesAsync([new Microsoft.Playwright.Cookie { Name = cookie.Name, Value = cookie.Value, Domain = cookie.Domain, Path = cookie.Path }]);
        await copy.GotoAsync("/panel/activity");
        await Assertions.Expect(copy.GetByRole(AriaRole.Heading, new() { Name = "Activity" })).ToBeVisibleAsync(); // the copy works while the session lives

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/panel/login");
        await copy.GotoAsync("/panel/activity");
        Assert.That(copy.Url, Does.Contain("/panel/login"), "sign-out ended the session on the server, not only in the signing-out browser");
    }
}
