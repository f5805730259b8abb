using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OtpNet;
using SendGateway.Server.Users.Panel;
using SendGateway.Server.Users;

namespace SendGateway.IntegrationTests.Panel;

/// <summary>
/// Accounts belong to their holder (issue 32 §4, §7) in the browser: an invitation is a one-time link with which the
/// person sets their own password and second factor; a reset clears both and makes such a link; a used link is refused;
/// a link for an address that signs in to another tenant is refused with the same neutral page.
/// </summary>
[TestFixture]
public sealed class PanelInvitationTests : PanelPageFixture
{
    internal const string NewPassword = "my own long password 1";

    [Test]
    public async Task AnInvitedPersonSetsTheirOwnPasswordAndFactorThroughTheLinkOnceAndIsSignedIn()
    {
        using var tenant = await Factory.CreateTenantAsync();
        var admin = await SignedInAsync(tenant.Id, PanelRoles.Admin);
        var invited = $"new-{Guid.NewGuid():N}@people.test";
        var url = await InviteAsync(admin, invited, PanelRoles.Developer);
        await admin.GotoAsync("/panel/users");
        Assert.That(await admin.ContentAsync(), Does.Not.Contain(url), "shown once");

        var person = await Browser.NewPageAsync(Origin);
        var secret = await RedeemAsync(person, url, NewPassword);
        await PanelBrowser.CheckAsync(person, "welcome-done");
        await person.GetByRole(AriaRole.Link, new() { Name = "Continue" }).ClickAsync();
        await Assertions.Expect(person.Locator(".who")).ToContainTextAsync($"{invited} (developer)");

        var again = await Browser.NewPageAsync(Origin);
        await again.GotoAsync(url);
        await Assertions.Expect(again.Locator("[data-welcome=refused]")).ToHaveTextAsync(WelcomePage.Refused);
        await Assertions.Expect(again.Locator("#password")).ToHaveCountAsync(0);
        await PanelBrowser.CheckAsync(again, "welcome-refused");

        var later = await Browser.SignedInAsync(Origin, invited, NewPassword, secret, stepsAhead: 1);
        await Assertions.Expect(later.Locator(".who")).ToContainTextAsync(invited);
        var actions = await ActionsAsync(tenant);
        Assert.That(actions, Is.SupersetOf(new[] { "user.invitation_created", "user.invitation_shown", "user.invitation_redeemed", "user.invitation_refused" }));
    }

    [Test]
    public async Task AResetClearsPasswordAndFactorEndsTheSessionAndOnlyTheLinkGivesThemBack()
    {
        using var tenant = await Factory.CreateTenantAsync();
        var email = $"held-{Guid.NewGuid():N}@people.test";
        var created = (await Factory.Services.GetRequiredService<UserAccounts>().CreateAsync(tenant.Id, email, PanelRoles.Developer, null, true, CancellationToken.None))!;
        var session = await Browser.SignedInAsync(Origin, email, created.Password!, SecretOf(created));

        var admin = await SignedInAsync(tenant.Id, PanelRoles.Admin);
        await admin.GotoAsync("/panel/users");
        await PanelBrowser.ConfirmAsync(admin.Locator($"tr[data-user='{email}']"), "Reset sign-in");
        var url = (await admin.Locator("#invitation-url").InnerTextAsync()).Trim();

        await session.GotoAsync("/panel/keys");
        await session.WaitForURLAsync("**/panel/login**");
        var login = await Browser.NewPageAsync(Origin);
        await PanelBrowser.PasswordAsync(login, email, created.Password!);
        await Assertions.Expect(login.GetByRole(AriaRole.Alert)).ToHaveTextAsync(LoginPage.WrongCredentials, new() { Timeout = 30_000 });

        var secret = await RedeemAsync(await Browser.NewPageAsync(Origin), url, NewPassword);
        var back = await Browser.SignedInAsync(Origin, email, NewPassword, secret, stepsAhead: 1);
        await Assertions.Expect(back.Locator(".who")).ToContainTextAsync($"{email} (developer)");
    }

    [Test]
    public async Task ALinkForAnAddressThatSignsInToAnotherTenantIsRefusedWithTheSameNeutralPage()
    {
        using var other = await Factory.CreateTenantAsync();
        var taken = $"taken-{Guid.NewGuid():N}@people.test";
        var theirs = (await Factory.Services.GetRequiredService<UserAccounts>().CreateAsync(other.Id, taken, PanelRoles.Owner, null, true, CancellationToken.None))!;
        using var tenant = await Factory.CreateTenantAsync();
        var admin = await SignedInAsync(tenant.Id, PanelRoles.Admin);
        var url = await InviteAsync(admin, taken, PanelRoles.Viewer);

        var page = await Browser.NewPageAsync(Origin);
        await page.GotoAsync(url);
        await page.GetByLabel("New password").FillAsync(NewPassword);
        await page.GetByLabel("Repeat the password").FillAsync(NewPassword);
        var secret = Base32Encoding.ToBytes((await page.Locator("#totp-secret").InnerTextAsync()).Trim());
        await page.GetByLabel("Code").FillAsync(new Totp(secret).ComputeTotp(DateTime.UtcNow));
        await page.GetByRole(AriaRole.Button, new() { Name = "Set password and sign in" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-welcome=refused]")).ToHaveTextAsync(WelcomePage.Refused);

        var account = await Factory.Services.GetRequiredService<UserStore>().FindForSignInAsync(taken, CancellationToken.None);
        Assert.That(account!.Value.User.TenantId, Is.EqualTo(other.Id), "the other tenant's account is untouched");
        Assert.That(account.Value.User.Id, Is.EqualTo(theirs.Id));
        Assert.That((await tenant.Client.GetStringAsync("/v1/users")), Does.Not.Contain(taken));
        var refused = (await tenant.Client.GetFromJsonAsync<JsonElement>("/v1/audit-log?limit=1000")).GetProperty("data").EnumerateArray()
            .Where(e => e.GetProperty("action").GetString() == "user.invitation_refused").Select(e => e.GetProperty("target").GetString()).ToList();
        Assert.That(refused, Has.Count.EqualTo(1));
        Assert.That(refused[0], Does.EndWith("reason=unavailable").And.Not.Contain(other.Id));
    }

    /// <summary>The admin's Users page invites someone; the link it shows once.</summary>
    private async Task<string> InviteAsync(IPage admin, string email, string role)
    {
        await admin.GotoAsync("/panel/users");
        await admin.GetByLabel("Email").FillAsync(email);
        await admin.GetByLabel("Role").SelectOptionAsync(role);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Invite" }).ClickAsync();
        var url = (await admin.Locator("#invitation-url").InnerTextAsync()).Trim();
        Assert.That(url, Does.StartWith($"{Origin}/panel/welcome/"));
        return url;
    }

    /// <summary>The link opened, a password set and the shown key enrolled with a code of now: the person is signed in and sees their recovery codes.</summary>
    internal static async Task<byte[]> RedeemAsync(IPage page, string url, string password)
    {
        await page.GotoAsync(url);
        await page.GetByLabel("New password").FillAsync(password);
        await page.GetByLabel("Repeat the password").FillAsync(password);
        var secret = Base32Encoding.ToBytes((await page.Locator("#totp-secret").InnerTextAsync()).Trim());
        await PanelBrowser.CheckAsync(page, "welcome");
        await page.GetByLabel("Code").FillAsync(new Totp(secret).ComputeTotp(DateTime.UtcNow));
        await page.GetByRole(AriaRole.Button, new() { Name = "Set password and sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "You are signed in" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#recovery-codes li")).ToHaveCountAsync(RecoveryCodes.Count);
        return secret;
    }

    internal static byte[] SecretOf(UserCreated created) =>
        Base32Encoding.ToBytes(System.Web.HttpUtility.ParseQueryString(new Uri(created.OtpauthUri!).Query)["secret"]!);

    internal static async Task<List<string?>> ActionsAsync(IntegrationTests.Infrastructure.TestTenant tenant) =>
        (await tenant.Client.GetFromJsonAsync<JsonElement>("/v1/audit-log?limit=1000")).GetProperty("data").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
}
