using System.Net.Http.Json;
using System.Text.Json;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Playwright;
using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.Server.Users;

namespace SendGateway.IntegrationTests.Panel;

/// <summary>
/// The SMTP credentials page and the suppression import (issue 18): a developer creates credentials whose password is
/// shown once and signs in to the real relay with them, then revokes them; a viewer sees usernames only; a large CSV
/// with bad lines is refused whole with a report, then imported. Same audit actions as the API.
/// </summary>
[TestFixture]
public sealed class PanelAccessTests : PanelPageFixture
{
    [Test]
    public async Task ADeveloperCreatesSmtpCredentialsThatSignInToTheRelayAndRevokesThemWhileAViewerSeesNoPassword()
    {
        using var tenant = await Factory.CreateTenantAsync();
        var page = await SignedInAsync(tenant.Id, PanelRoles.Developer);
        await page.GetByRole(AriaRole.Link, new() { Name = "SMTP" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create credentials" }).ClickAsync();
        await Assertions.Expect(page.Locator("#smtp-name:invalid")).ToHaveCountAsync(1); // a name is required

        await page.GetByLabel("Name").FillAsync("billing-app");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create credentials" }).ClickAsync();
        var username = (await page.Locator("#new-username").InnerTextAsync()).Trim();
        var password = (await page.Locator("#new-password").InnerTextAsync()).Trim();
        await PanelBrowser.CheckAsync(page, "smtp");
        using (var smtp = new SmtpClient { ServerCertificateValidationCallback = (_, _, _, _) => true, CheckCertificateRevocation = false })
        {
            await smtp.ConnectAsync("127.0.0.1", Factory.SubmissionPort, SecureSocketOptions.StartTls);
            await smtp.AuthenticateAsync(username, password);
            Assert.That(smtp.IsAuthenticated, Is.True, "the relay accepts what the page showed");
            await smtp.DisconnectAsync(true);
        }

        await Polling.UntilAsync(async () => (await tenant.Client.GetFromJsonAsync<JsonElement>("/v1/smtp-credentials")).GetProperty("data")[0].GetProperty("last_used_at").ValueKind,
            kind => kind == JsonValueKind.String, TimeSpan.FromSeconds(30));
        await page.GotoAsync("/panel/smtp");
        await Assertions.Expect(page.Locator("tr[data-credential='billing-app'] td.last-used")).Not.ToHaveTextAsync("never");

        var viewer = await SignedInAsync(tenant.Id, PanelRoles.Viewer);
        await viewer.GotoAsync("/panel/smtp");
        await Assertions.Expect(viewer.Locator("tr[data-credential='billing-app']")).ToContainTextAsync(username);
        await Assertions.Expect(viewer.GetByRole(AriaRole.Button, new() { Name = "Revoke" })).ToHaveCountAsync(0);
        await Assertions.Expect(viewer.GetByRole(AriaRole.Button, new() { Name = "Create credentials" })).ToHaveCountAsync(0);
        Assert.That(await viewer.ContentAsync(), Does.Not.Contain(password));

        await page.GotoAsync("/panel/smtp");
        Assert.That(await page.ContentAsync(), Does.Not.Contain(password), "shown once");
        var row = page.Locator("tr[data-credential='billing-app']");
        await PanelBrowser.ConfirmAsync(row, "Revoke");
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("billing-app is revoked");
        await Assertions.Expect(page.Locator("tr[data-credential]")).ToHaveCountAsync(0);
        var listed = await tenant.Client.GetFromJsonAsync<JsonElement>("/v1/smtp-credentials");
        Assert.That(listed.GetProperty("data").GetArrayLength(), Is.Zero);
        var actions = (await tenant.Client.GetFromJsonAsync<JsonElement>("/v1/audit-log?limit=1000")).GetProperty("data").EnumerateArray()
            .Where(e => e.GetProperty("actor").GetString()!.StartsWith("user:", StringComparison.Ordinal)).Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.That(actions, Is.SupersetOf(new[] { "POST /v1/smtp-credentials", "DELETE /v1/smtp-credentials/{id}" }));
    }

    [Test]
    public async Task ALargeCsvWithBadLinesIsRefusedWholeWithAReportAndImportedOnceFixed()
    {
        using var tenant = await Factory.CreateTenantAsync();
        var page = await SignedInAsync(tenant.Id, PanelRoles.Developer);
        await page.GotoAsync("/panel/suppressions");
        var lines = Enumerable.Range(0, 50_000).Select(i => $"bulk-{i}@import.test,manual").ToList();
        lines[10] = "not-an-address,manual";
        lines[20_000] = "someone@import.test,because";
        lines[49_999] = "\"unbalanced@import.test,manual";
        await page.Locator("#import-file").SetInputFilesAsync(new FilePayload { Name = "list.csv", MimeType = "text/csv", Buffer = CsvOf(lines) });
        var upload = await page.RunAndWaitForRequestFinishedAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Import" }).ClickAsync(),
            new() { Predicate = r => r.Method == "POST" && r.Url.EndsWith("/panel/suppressions", StringComparison.Ordinal) });
        Assert.That(upload.ResourceType, Is.EqualTo("xhr"), "posted by panel.js, which shows the upload's progress");
        var report = page.GetByRole(AriaRole.Alert);
        await Assertions.Expect(report).ToContainTextAsync("Nothing was imported: 3 lines were refused");
        await Assertions.Expect(report).ToContainTextAsync("line 12: not an email address or @domain"); // the header is line 1
        await Assertions.Expect(report).ToContainTextAsync("line 20002: reason must be one of");
        await Assertions.Expect(report).ToContainTextAsync("line 50001: unbalanced quotes");
        await PanelBrowser.CheckAsync(page, "suppressions-import-refused");
        Assert.That((await tenant.Client.GetFromJsonAsync<JsonElement>("/v1/suppressions")).GetProperty("data").GetArrayLength(), Is.Zero, "all lines or none");

        lines[10] = "fixed-10@import.test,manual";
        lines[20_000] = "fixed-20000@import.test,feedback";
        lines[49_999] = "fixed-49999@import.test,manual";
        await page.Locator("#import-file").SetInputFilesAsync(new FilePayload { Name = "list.csv", MimeType = "text/csv", Buffer = CsvOf(lines) });
        await page.GetByRole(AriaRole.Button, new() { Name = "Import" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Imported 50,000 entries.");
        var fixedEntry = await tenant.Client.GetFromJsonAsync<JsonElement>("/v1/suppressions/fixed-20000@import.test");
        Assert.That(fixedEntry.GetProperty("reason").GetString(), Is.EqualTo("feedback"));
        var actions = (await tenant.Client.GetFromJsonAsync<JsonElement>("/v1/audit-log?limit=1000")).GetProperty("data").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.That(actions, Has.Member("POST /v1/suppressions/import"));
    }

    private static byte[] CsvOf(IEnumerable<string> lines) => System.Text.Encoding.UTF8.GetBytes("email,reason\n" + string.Join('\n', lines) + "\n");
}
