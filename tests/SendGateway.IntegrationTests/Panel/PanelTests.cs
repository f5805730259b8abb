using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OtpNet;
using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.Server.Users;

namespace SendGateway.IntegrationTests.Panel;

/// <summary>
/// The web panel in a real browser (issue 17): Debian's chromium through Playwright against the real Kestrel on
/// loopback. Sign-in with password and TOTP, enrolment, wrong answers and throttling (SignInThrottleTests: per address), roles, the overview and activity
/// over mail sent through the API, antiforgery, sign-out. Every page visited is photographed and checked with axe-core.
/// </summary>
[TestFixture]
public sealed partial class PanelTests
{
    private const string Domain = "panel-acme.test";
    private SendGatewayFactory _factory = null!;
    private PanelBrowser _browser = null!;
    private TestTenant _tenant = null!;
    private string _origin = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _factory = new SendGatewayFactory("api,relay,delivery,events", new Dictionary<string, string?>
        {
            ["SendGateway:Panel:FreeFailures"] = "2", // from this one address: the third failure makes it wait
            ["SendGateway:Panel:FailureDelay"] = "00:05:00",
        });
        _factory.StartServer();
        _origin = $"http://127.0.0.1:{_factory.HttpPort}";
        _tenant = await _factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(_tenant, Domain);
        _browser = await PanelBrowser.StartAsync();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _browser.DisposeAsync();
        _tenant.Dispose();
        await _factory.DisposeAsync();
    }

    private async Task<(string Email, string Password, byte[]? Secret)> CreateUserAsync(string role, bool totp, string? tenantId = null)
    {
        var email = $"{role}-{Guid.NewGuid():N}@people.test";
        var created = await _factory.Services.GetRequiredService<UserAccounts>().CreateAsync(tenantId ?? _tenant.Id, email, role, null, totp, CancellationToken.None);
        Assert.That(created, Is.Not.Null);
        var secret = created!.OtpauthUri is { } uri ? Base32Encoding.ToBytes(System.Web.HttpUtility.ParseQueryString(new Uri(uri).Query)["secret"]!) : null;
        return (email, created.Password!, secret);
    }

    private static string Code(byte[] secret, int stepsAhead = 0) => new Totp(secret).ComputeTotp(DateTime.UtcNow.AddSeconds(30 * stepsAhead));

    private static Task PasswordAsync(IPage page, string email, string password) => PanelBrowser.PasswordAsync(page, email, password);

    private async Task<IPage> SignedInAsync((string Email, string Password, byte[]? Secret) user, int stepsAhead = 0) =>
        await _browser.SignedInAsync(_origin, user.Email, user.Password, user.Secret!, stepsAhead);

    private async Task<string> SendAsync(string rcpt, string tag)
    {
        var response = await _tenant.SendAsync(new { from = new { email = $"news@{Domain}" }, to = new[] { new { email = rcpt } }, subject = "Panel", text = "Hello", tags = new[] { tag } });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;
        await _tenant.WaitForStatusAsync(id, "ok");
        return id;
    }

    [Test]
    public async Task SignInWithPasswordAndTotpReachesTheOverviewAndTheAuditLogHasIt()
    {
        var user = await CreateUserAsync(PanelRoles.Admin, totp: true);
        var page = await _browser.NewPageAsync(_origin);
        var first = await page.GotoAsync("/panel");
        Assert.That(page.Url, Does.StartWith($"{_origin}/panel/login"), "signed out: the overview sends you to sign in");
        var csp = await first!.HeaderValueAsync("content-security-policy");
        Assert.That(csp, Does.Contain("frame-ancestors 'none'").And.Contain("script-src 'self';").And.Not.Contain("unsafe-inline").And.Not.Contain("unsafe-eval"), "only the panel's own script file");
        await PanelBrowser.CheckAsync(page, "login");
        await PasswordAsync(page, user.Email, user.Password);
        await page.WaitForURLAsync("**/panel/login/code");
        await PanelBrowser.CheckAsync(page, "code");
        await page.GetByLabel("Code").FillAsync(Code(user.Secret!));
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();
        await page.WaitForURLAsync($"{_origin}/panel");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview" })).ToBeVisibleAsync();
        await PanelBrowser.CheckAsync(page, "overview");

        var cookies = await page.Context.CookiesAsync();
        var session = cookies.Single(c => c.Name == "sg_panel");
        Assert.That(session.HttpOnly, Is.True);
        Assert.That(session.SameSite, Is.EqualTo(SameSiteAttribute.Strict));
        var audit = await _tenant.Client.GetFromJsonAsync<JsonElement>("/v1/audit-log?limit=1000");
        Assert.That(audit.GetProperty("data").EnumerateArray().Select(e => e.GetProperty("action").GetString()), Does.Contain("panel.sign_in"));
    }

    [Test]
    public async Task AUserWithoutASecondFactorEnrolsOneBeforeAnythingElse()
    {
        var user = await CreateUserAsync(PanelRoles.Owner, totp: false);
        var page = await _browser.NewPageAsync(_origin);
        await PasswordAsync(page, user.Email, user.Password);
        await page.WaitForURLAsync("**/panel/enrol");
        await page.GotoAsync("/panel");
        Assert.That(page.Url, Does.Contain("/panel/login"), "nothing else before the factor: the overview still asks to sign in");

        await PasswordAsync(page, user.Email, user.Password);
        await page.WaitForURLAsync("**/panel/enrol");
        await Assertions.Expect(page.GetByAltText("QR code of the authenticator key")).ToBeVisibleAsync();
        await PanelBrowser.CheckAsync(page, "enrol");
        var secret = Base32Encoding.ToBytes((await page.Locator("#totp-secret").InnerTextAsync()).Trim());
        await page.GetByLabel("Code").FillAsync("000000" == Code(secret) ? "111111" : "000000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn on" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("does not match");
        await page.GetByLabel("Code").FillAsync(Code(secret));
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn on" }).ClickAsync();
        await Assertions.Expect(page.Locator("#recovery-codes li")).ToHaveCountAsync(RecoveryCodes.Count);
        await PanelBrowser.CheckAsync(page, "recovery-codes");
        var recovery = (await page.Locator("#recovery-codes li").AllInnerTextsAsync()).Select(c => c.Trim()).First();
        await page.GetByRole(AriaRole.Link, new() { Name = "Continue" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview" })).ToBeVisibleAsync();

        // A recovery code instead of the authenticator's, once.
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out", Exact = true }).ClickAsync();
        foreach (var expected in new[] { "/panel", "/panel/login/code" })
        {
            await PasswordAsync(page, user.Email, user.Password);
            await page.WaitForURLAsync("**/panel/login/code");
            await page.GetByLabel("Code").FillAsync(recovery);
            await page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();
            if (expected == "/panel")
            {
                await page.WaitForURLAsync($"{_origin}/panel");
                await page.GetByRole(AriaRole.Button, new() { Name = "Sign out", Exact = true }).ClickAsync();
            }
            else
            {
                await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Wrong code.", new() { Timeout = 10_000 });
            }
        }
    }

    [Test]
    public async Task AWrongPasswordAnUnknownAddressAndAWrongCodeAreRefusedAndRepeatedFailuresFromOneAddressMakeItWait()
    {
        var user = await CreateUserAsync(PanelRoles.Viewer, totp: true);
        var page = await _browser.NewPageAsync(_origin);
        await PasswordAsync(page, $"nobody-{Guid.NewGuid():N}@people.test", "whatever-password");
        var unknown = await page.GetByRole(AriaRole.Alert).InnerTextAsync();
        await PasswordAsync(page, user.Email, "not-the-password");
        Assert.That(await page.GetByRole(AriaRole.Alert).InnerTextAsync(), Is.EqualTo(unknown).And.EqualTo("Wrong email or password."), "the same answer");
        await PanelBrowser.CheckAsync(page, "wrong-password");

        await PasswordAsync(page, user.Email, user.Password);
        await page.WaitForURLAsync("**/panel/login/code");
        await page.GetByLabel("Code").FillAsync(Code(user.Secret!) == "123456" ? "654321" : "123456");
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Wrong code.");

        await PasswordAsync(page, user.Email, "still-not-the-password"); // the third failure for this account from this address
        await PasswordAsync(page, user.Email, user.Password);
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Too many attempts. Wait a few minutes and try again.");
        Assert.That(page.Url, Does.EndWith("/panel/login"), "even the right password waits, from this address");
    }

    [Test]
    public async Task TheOverviewCountsSendsMadeThroughTheApiAndActivityFindsTheMessageWithTheMxReply()
    {
        using var tenant = await _factory.CreateTenantAsync();
        var domain = $"ov-{Guid.NewGuid():N}"[..14] + ".test";
        await SendGatewayFactory.AddDomainAsync(tenant, domain);
        var recipients = Enumerable.Range(0, 3).Select(i => $"ov{i}-{Guid.NewGuid():N}@mx-ok.test").ToList();
        string? first = null;
        foreach (var rcpt in recipients)
        {
            var response = await tenant.SendAsync(new { from = new { email = $"news@{domain}" }, to = new[] { new { email = rcpt } }, subject = "Overview", text = "Hi", tags = new[] { "welcome" } });
            var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;
            await tenant.WaitForStatusAsync(id, "ok");
            first ??= id;
        }

        var page = await SignedInAsync(await CreateUserAsync(PanelRoles.Viewer, totp: true, tenant.Id));
        await Assertions.Expect(page.Locator("[data-metric=Sent] .value")).ToHaveTextAsync("3");
        await Assertions.Expect(page.Locator("[data-metric=Delivered] .value")).ToHaveTextAsync("3");
        await Assertions.Expect(page.Locator("svg.chart title")).ToHaveTextAsync("Sending over the last 7 days");
        await Assertions.Expect(page.GetByRole(AriaRole.Row, new() { Name = "welcome" })).ToContainTextAsync("3");
        await page.GetByRole(AriaRole.Link, new() { Name = "24 hours" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-metric=Sent] .value")).ToHaveTextAsync("3");
        await PanelBrowser.CheckAsync(page, "overview-24h");

        await page.GetByRole(AriaRole.Link, new() { Name = "Activity" }).ClickAsync();
        await page.GetByLabel("Recipient").FillAsync(recipients[0]);
        await page.GetByLabel("Status").SelectOptionAsync("ok");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Row)).ToHaveCountAsync(2); // the header and one message
        await PanelBrowser.CheckAsync(page, "activity");
        await page.Locator($"tr[data-message='{first}'] a").ClickAsync();
        var ok = page.Locator("tr[data-event=ok]");
        await Assertions.Expect(ok).ToContainTextAsync("250 2.0.0 Ok: queued as");
        Assert.That(await ok.InnerTextAsync(), Does.Not.Contain("250 2.0.0 250"), "the reply once, as the server gave it");
        await Assertions.Expect(page.Locator("dd[data-status=ok]")).ToContainTextAsync("Delivered");
        await Assertions.Expect(page.Locator("dd[data-subject]")).ToHaveTextAsync("Overview");
        await PanelBrowser.CheckAsync(page, "message");
    }

    [Test]
    public async Task AFormPostedWithoutItsAntiforgeryTokenIsRefused()
    {
        var page = await SignedInAsync(await CreateUserAsync(PanelRoles.Admin, totp: true));
        var forged = await page.APIRequest.PostAsync("/panel/logout", new APIRequestContextOptions { Form = page.APIRequest.CreateFormData().Append("everywhere", "true") });
        Assert.That(forged.Status, Is.EqualTo(400), "the session cookie alone is not enough");
        var login = await page.APIRequest.PostAsync("/panel/login", new APIRequestContextOptions
        {
            Form = page.APIRequest.CreateFormData().Append("_handler", "login").Append("Input.Email", "a@b.test").Append("Input.Password", "x"),
        });
        Assert.That(login.Status, Is.EqualTo(400));
        await page.GotoAsync("/panel/activity");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Activity" })).ToBeVisibleAsync();
    }

    [Test]
    public async Task SignOutEndsTheSessionAndSignOutEverywhereEndsTheOthers()
    {
        var user = await CreateUserAsync(PanelRoles.Developer, totp: true);
        var here = await SignedInAsync(user);
        var there = await SignedInAsync(user, stepsAhead: 1); // a code is taken once: the other device uses the next one
        var cookie = (await here.Context.CookiesAsync()).Single(c => c.Name == "sg_panel");

        await here.GetByRole(AriaRole.Button, new() { Name = "Sign out everywhere" }).ClickAsync();
        await here.WaitForURLAsync("**/panel/login");
        await there.GotoAsync("/panel/activity");
        Assert.That(there.Url, Does.Contain("/panel/login"), "the other session ended too");

        var replay = await _browser.NewPageAsync(_origin);
        await replay.Context.AddCookiesAsync([new Microsoft.Playwright.Cookie { Name = cookie.Name, Value = cookie.Value, Domain = cookie.Domain, Path = cookie.Path }]);
        await replay.GotoAsync("/panel");
        Assert.That(replay.Url, Does.Contain("/panel/login"), "the old cookie is dead, not just deleted from the browser");

        var again = await SignedInAsync(await CreateUserAsync(PanelRoles.Developer, totp: true)); // codes only move forward: another person
        await again.GetByRole(AriaRole.Button, new() { Name = "Sign out", Exact = true }).ClickAsync();
        await again.WaitForURLAsync("**/panel/login");
        await again.GotoAsync("/panel");
        Assert.That(again.Url, Does.Contain("/panel/login"));
    }
}
