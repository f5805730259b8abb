using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace SendGateway.IntegrationTests.Panel;

/// <summary>
/// Debian's chromium driven by Playwright through <c>ExecutablePath</c> (no browser is downloaded). Missing chromium
/// fails the tests: <c>make test</c> installs it. Pages are checked with axe-core and photographed into the test output.
/// </summary>
public sealed class PanelBrowser : IAsyncDisposable
{
    private readonly IPlaywright _playwright;

    private PanelBrowser(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    public static async Task<PanelBrowser> StartAsync()
    {
        var executable = new[] { "/usr/lib/chromium/chromium", "/usr/bin/chromium" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("chromium is not installed (apt-get install chromium; make test does it)");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable, Headless = true,
            Args = Environment.UserName == "root" ? ["--no-sandbox"] : [],
        });
        return new PanelBrowser(playwright, browser);
    }

    /// <summary>A fresh browser (its own cookies) on the panel's origin.</summary>
    public async Task<IPage> NewPageAsync(string origin)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = origin, Permissions = ["clipboard-read", "clipboard-write"] });
        return await context.NewPageAsync();
    }

    /// <summary>
    /// The sign-in form filled and sent (<c>/panel/login</c>: "Email", "Password", "Sign in"), returning once the server
    /// answered the form and the page it answered with (the form again, or where its redirect leads) is committed. A
    /// caller that signs in again at once no longer cuts the previous attempt short with its own navigation.
    /// </summary>
    public static async Task PasswordAsync(IPage page, string email, string password)
    {
        await page.GotoAsync("/panel/login");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        var answer = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync(),
            r => r.Request.Method == "POST" && new Uri(r.Url).AbsolutePath == "/panel/login");
        if (answer.Status is >= 300 and < 400)
        {
            try
            {
                await WaitForUrlAsync(page, url => new Uri(url).AbsolutePath != "/panel/login");
            }
            catch (TimeoutException e)
            {
                var location = await answer.HeaderValueAsync("location");
                throw new TimeoutException($"The sign-in answered {answer.Status} to '{location}', but the page stayed at {page.Url}.", e);
            }
        }
    }

    /// <summary>
    /// Until the page's address satisfies <paramref name="matches"/> (the navigation committed), polled. Not
    /// <c>WaitForURLAsync</c> with <c>Commit</c>: when the address already matches, Playwright waits for the page's load
    /// event instead, and in CI that event was once never seen (the page had loaded, only "NetworkIdle" was reported).
    /// </summary>
    public static async Task WaitForUrlAsync(IPage page, Func<string, bool> matches, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(30));
        while (!matches(page.Url))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The page stayed at {page.Url}.");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>A fresh browser signed in with password and TOTP (a code <paramref name="stepsAhead"/> 30 s steps ahead), on the overview (an operator: on the console).</summary>
    public async Task<IPage> SignedInAsync(string origin, string email, string password, byte[] secret, int stepsAhead = 0)
    {
        var page = await NewPageAsync(origin);
        await PasswordAsync(page, email, password);
        await WaitForUrlAsync(page, url => new Uri(url).AbsolutePath == "/panel/login/code");
        await page.GetByLabel("Code").FillAsync(new OtpNet.Totp(secret).ComputeTotp(DateTime.UtcNow.AddSeconds(30 * stepsAhead)));
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();
        // The redirect to the overview (or console) committed is the sign-in's answer; its load event is not awaited: CI
        // once timed out waiting for it after the page's network had gone idle. What the caller does next waits for itself.
        await WaitForUrlAsync(page, url => url == $"{origin}/panel" || url == $"{origin}/panel/operator/tenants");
        return page;
    }

    /// <summary>
    /// A destructive action (issue 39: one confirmation for all): in <paramref name="scope"/>, the form of the button named
    /// <paramref name="button"/> has its "I understand: …" box ticked, then the button pressed.
    /// </summary>
    public static async Task ConfirmAsync(ILocator scope, string button)
    {
        var form = scope.Locator("form").Filter(new() { Has = scope.Page.GetByRole(AriaRole.Button, new() { Name = button }) });
        await form.GetByLabel("I understand").CheckAsync();
        await form.GetByRole(AriaRole.Button, new() { Name = button }).ClickAsync();
    }

    /// <summary>A screenshot of the page under the test's output, then no serious or critical axe-core violation.</summary>
    public static async Task CheckAsync(IPage page, string name) =>
        Assert.That(await SeriousViolationsAsync(page, name), Is.Empty, $"axe-core on {name} ({page.Url})");

    /// <summary>A screenshot of the page under the test's output, then the serious or critical axe-core violations.</summary>
    public static async Task<List<string>> SeriousViolationsAsync(IPage page, string name)
    {
        var folder = Path.Combine(TestContext.CurrentContext.WorkDirectory, "screenshots", TestContext.CurrentContext.Test.Name);
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, $"{name}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true });
        TestContext.AddTestAttachment(file, name);
        // Frames are left out: the template preview's frame is sandboxed without script, so axe cannot run in it (and it is the tenant's email, not the panel).
        var results = await page.RunAxe(new Deque.AxeCore.Commons.AxeRunOptions { Iframes = false });
        return results.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{v.Id}: {v.Help} ({v.Nodes.Length} nodes)").ToList();
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}
