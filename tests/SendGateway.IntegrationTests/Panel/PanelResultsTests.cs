using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OtpNet;
using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.Server.Users;

namespace SendGateway.IntegrationTests.Panel;

/// <summary>
/// Issue 39, what the panel tells people: results as one styled notice (a success a status, a failure an alert),
/// pasted suppressions' errors by line, the audit log's actors with their addresses, recovery codes copied and saved.
/// </summary>
[TestFixture]
public sealed class PanelResultsTests : PanelPageFixture
{
    [Test]
    public async Task AWebhookTestsResultIsAStyledNoticeAFailureAnAlert()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var tenant = await Factory.CreateTenantAsync();
        var page = await SignedInAsync(tenant.Id, PanelRoles.Developer);
        await page.GotoAsync("/panel/webhooks");
        await page.GetByLabel("URL").FillAsync(receiver.UrlFor("notice"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Add endpoint" }).ClickAsync();
        var secret = (await page.Locator("#new-secret").InnerTextAsync()).Trim();

        await receiver.ConfigureAsync("notice", secret, 503);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send test" }).ClickAsync();
        var failed = page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Test failed: 503" });
        await Assertions.Expect(failed).ToHaveClassAsync("notice notice-error");
        Assert.That(await failed.EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor"), Is.EqualTo("rgb(252, 235, 235)"), "styled by panel.css");
        await PanelBrowser.CheckAsync(page, "webhook-test-failed");

        await receiver.ConfigureAsync("notice", secret, 204);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send test" }).ClickAsync();
        var delivered = page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Test delivered: 204" });
        await Assertions.Expect(delivered).ToHaveClassAsync("notice notice-success");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);
    }

    [Test]
    public async Task PastedSuppressionsThatAreRefusedAreNamedByTheirLine()
    {
        using var tenant = await Factory.CreateTenantAsync();
        var page = await SignedInAsync(tenant.Id, PanelRoles.Developer);
        await page.GotoAsync("/panel/suppressions");
        await page.GetByLabel("Addresses or @domains").FillAsync("ok@example.test\n\nnot-an-address\nfine@example.test, bad@@x");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add suppressions" }).ClickAsync();
        var alert = page.GetByRole(AriaRole.Alert);
        await Assertions.Expect(alert).ToContainTextAsync("Line 3 (not-an-address): Must be an email address or @domain.");
        await Assertions.Expect(alert).ToContainTextAsync("Line 4 (bad@@x): Must be an email address or @domain.");
        await Assertions.Expect(alert).Not.ToContainTextAsync("suppressions[");
        await Assertions.Expect(page.Locator("tr[data-suppression]")).ToHaveCountAsync(0);
    }

    [Test]
    public async Task TheAuditLogShowsThePersonsAddressBesideTheirId()
    {
        using var tenant = await Factory.CreateTenantAsync();
        var page = await SignedInAsync(tenant.Id, PanelRoles.Admin);
        var email = (await page.Locator("header .who span").First.InnerTextAsync()).Split(' ')[0];
        await page.GotoAsync("/panel/audit"); // records the read the next visit lists
        await page.GotoAsync("/panel/audit");
        var actor = page.Locator("tr[data-action='read GET /v1/audit-log'] td").Nth(2);
        await Assertions.Expect(actor).ToContainTextAsync("user:usr_");
        await Assertions.Expect(actor.Locator("[data-actor-email]")).ToHaveTextAsync(email);
    }

    [Test]
    public async Task RecoveryCodesAreCopiedAndDownloadedOneALine()
    {
        using var tenant = await Factory.CreateTenantAsync();
        var email = $"enrol-{Guid.NewGuid():N}@people.test";
        var created = await Factory.Services.GetRequiredService<UserAccounts>().CreateAsync(tenant.Id, email, PanelRoles.Viewer, null, false, CancellationToken.None);
        var page = await Browser.NewPageAsync(Origin);
        await PanelBrowser.PasswordAsync(page, email, created!.Password!);
        await PanelBrowser.WaitForUrlAsync(page, url => new Uri(url).AbsolutePath == "/panel/enrol");
        var secret = Base32Encoding.ToBytes((await page.Locator("#totp-secret").InnerTextAsync()).Trim());
        await page.GetByLabel("Code").FillAsync(new Totp(secret).ComputeTotp());
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn on" }).ClickAsync();
        await Assertions.Expect(page.Locator("#recovery-codes li")).ToHaveCountAsync(RecoveryCodes.Count);
        var codes = (await page.Locator("#recovery-codes li").AllInnerTextsAsync()).Select(c => c.Trim()).ToList();

        await page.GetByRole(AriaRole.Button, new() { Name = "Copy the recovery codes" }).ClickAsync();
        await Assertions.Expect(page.Locator("button[data-copy='recovery-codes']")).ToHaveTextAsync("Copied the recovery codes");
        Assert.That(await page.EvaluateAsync<string>("navigator.clipboard.readText()"), Is.EqualTo(string.Join("\n", codes)));

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Download as a text file" }).ClickAsync());
        Assert.That(download.SuggestedFilename, Is.EqualTo("sendgateway-recovery-codes.txt"));
        var lines = (await File.ReadAllLinesAsync((await download.PathAsync())!)).ToList();
        Assert.That(lines.Skip(2), Is.EqualTo(codes), "a line of what they are, a blank line, then one code a line");
        await PanelBrowser.CheckAsync(page, "recovery-codes");
    }
}
