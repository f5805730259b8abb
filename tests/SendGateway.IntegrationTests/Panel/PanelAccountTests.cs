using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OtpNet;
using SendGateway.Server.Users.Panel;
using SendGateway.Server.Users;

namespace SendGateway.IntegrationTests.Panel;

/// <summary>People change their own password on "Your account" (issue 32 §4): the current password and a code of now, then the new one; their other sessions end, this one goes on.</summary>
[TestFixture]
public sealed class PanelAccountTests : PanelPageFixture
{
    [Test]
    public async Task PeopleChangeTheirOwnPasswordWithTheCurrentOneAndACodeAndTheirOtherSessionsEnd()
    {
        using var tenant = await Factory.CreateTenantAsync();
        var email = $"self-{Guid.NewGuid():N}@people.test";
        var created = (await Factory.Services.GetRequiredService<UserAccounts>().CreateAsync(tenant.Id, email, PanelRoles.Viewer, null, true, CancellationToken.None))!;
        var secret = PanelInvitationTests.SecretOf(created);
        // Another session of the same person, signed in on its own as a second device would be (sessions live in Redis:
        // a copy of this browser's cookie would be this very session, which the change renews). Each code's time step is
        // taken once, so the two sign-ins and the change use three steps in order.
        var other = await Browser.SignedInAsync(Origin, email, created.Password!, secret, stepsAhead: -1);
        var page = await Browser.SignedInAsync(Origin, email, created.Password!, secret);
        await other.GotoAsync("/panel/keys");
        await Assertions.Expect(other.Locator(".who")).ToContainTextAsync(email);
        await page.GetByRole(AriaRole.Link, new() { Name = "Your account" }).ClickAsync();

        await ChangeAsync(page, "not the password", secret, stepsAhead: 1);
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(AccountPage.WrongCredentials);
        await PanelBrowser.CheckAsync(page, "account");

        await ChangeAsync(page, created.Password!, secret, stepsAhead: 1);
        await Assertions.Expect(page.Locator("[data-password=changed]")).ToBeVisibleAsync();
        await page.GotoAsync("/panel/account");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your account" })).ToBeVisibleAsync(); // this session goes on
        await other.GotoAsync("/panel/keys");
        await other.WaitForURLAsync("**/panel/login**"); // the other one ended

        var old = await Browser.NewPageAsync(Origin);
        await PanelBrowser.PasswordAsync(old, email, created.Password!);
        await Assertions.Expect(old.GetByRole(AriaRole.Alert)).ToHaveTextAsync(LoginPage.WrongCredentials);
        var fresh = await Browser.NewPageAsync(Origin);
        await PanelBrowser.PasswordAsync(fresh, email, PanelInvitationTests.NewPassword);
        await fresh.WaitForURLAsync("**/panel/login/code");
        Assert.That(await PanelInvitationTests.ActionsAsync(tenant), Is.SupersetOf(new[] { "panel.password_change_failed", "panel.password_changed" }));
    }

    private static async Task ChangeAsync(IPage page, string current, byte[] secret, int stepsAhead)
    {
        await page.GetByLabel("Current password").FillAsync(current);
        await page.GetByLabel("Code from your authenticator").FillAsync(new Totp(secret).ComputeTotp(DateTime.UtcNow.AddSeconds(30 * stepsAhead)));
        await page.GetByLabel("New password (").FillAsync(PanelInvitationTests.NewPassword);
        await page.GetByLabel("Repeat the new password").FillAsync(PanelInvitationTests.NewPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
    }
}
