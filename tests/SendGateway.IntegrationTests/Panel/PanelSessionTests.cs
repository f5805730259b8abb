using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.Server.Panel;
using SendGateway.Server.Users;

namespace SendGateway.IntegrationTests.Panel;

/// <summary>
/// Panel sessions on the server (issue 32 §5, §7) in the browser: a copied cookie dies with sign-out, the sign-in redirect
/// carries the panel's security headers, and a suspended tenant's panel is read-only.
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

    [Test]
    public async Task TheRedirectToSignInCarriesThePanelSecurityHeaders()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(Origin) };
        var response = await client.GetAsync("/panel/activity");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location?.ToString(), Does.Contain("/panel/login"));
        Assert.That(response.Headers.GetValues("Content-Security-Policy").Single(), Is.EqualTo(PanelSecurityHeaders.Policy));
        Assert.That(response.Headers.GetValues("X-Frame-Options").Single(), Is.EqualTo("DENY"));
        Assert.That(response.Headers.GetValues("Referrer-Policy").Single(), Is.EqualTo("no-referrer"));
        Assert.That(response.Headers.CacheControl?.NoStore, Is.True);
    }

    [Test]
    public async Task ASuspendedTenantSeesAReadOnlyNoticeAndItsFormsAreRefused()
    {
        using var tenant = await Factory.CreateTenantAsync();
        var page = await SignedInAsync(tenant.Id, PanelRoles.Admin);
        await page.GotoAsync("/panel/keys");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "API keys" })).ToBeVisibleAsync();
        Assert.That(await page.Locator("[data-suspended]").CountAsync(), Is.Zero, "no notice while the tenant is active");

        using var admin = Factory.CreateAdminClient();
        var suspend = await admin.PatchAsJsonAsync($"/v1/admin/tenants/{tenant.Id}", new { suspended = true });
        Assert.That(suspend.StatusCode, Is.EqualTo(HttpStatusCode.OK), await suspend.Content.ReadAsStringAsync());
        var notices = await Polling.UntilAsync(
            async () =>
            {
                await page.GotoAsync("/panel/keys");
                return await page.Locator("[data-suspended]").CountAsync();
            },
            n => n > 0, TimeSpan.FromSeconds(30));
        Assert.That(notices, Is.EqualTo(1), "the notice appears once the suspension is seen");
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("read-only");
        await PanelBrowser.CheckAsync(page, "suspended");

        await page.GetByLabel("Name").FillAsync("after suspension");
        var answer = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync(),
            r => r.Request.Method == "POST" && new Uri(r.Url).AbsolutePath == "/panel/keys");
        Assert.That(answer.Status, Is.EqualTo(403));
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("suspended");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Nothing was changed" })).ToBeVisibleAsync();

        await page.GotoAsync("/panel/keys");
        Assert.That(await page.GetByRole(AriaRole.Table, new() { Name = "API keys" }).InnerTextAsync(), Does.Not.Contain("after suspension"), "no key was made");
    }
}
