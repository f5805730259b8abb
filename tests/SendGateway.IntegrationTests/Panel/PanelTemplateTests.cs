using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using SendGateway.Server.Users;

namespace SendGateway.IntegrationTests.Panel;

/// <summary>
/// The Templates pages (issue 18): create and edit through the API's checks (errors with line and column), a preview
/// with sample vars in a sandboxed frame, versions with a diff and a roll-back, the same audit actions as the API,
/// and a viewer who only reads.
/// </summary>
[TestFixture]
public sealed class PanelTemplateTests : PanelPageFixture
{
    [Test]
    public async Task ADeveloperCreatesPreviewsEditsComparesAndRollsBackATemplateWithTheApisAuditActions()
    {
        using var tenant = await Factory.CreateTenantAsync();
        var page = await SignedInAsync(tenant.Id, PanelRoles.Developer);
        await page.GetByRole(AriaRole.Link, new() { Name = "Templates" }).ClickAsync();
        await page.GetByLabel("Id", new() { Exact = false }).First.FillAsync("welcome");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Welcome");
        await page.Locator("#tpl-subject").FillAsync("Hi {{ first_name }}");
        await page.Locator("#tpl-html").FillAsync("<p>Hello {{ first_name }}</p>\n<p>{{ [oops }}</p>");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("html: Syntax error");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("(line 2, column");
        Assert.That((await tenant.Client.GetAsync("/v1/templates/welcome")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "nothing saved");

        await page.Locator("#tpl-html").FillAsync("<p style=\"color: #0b57d0\">Hello {{ first_name }}</p>\n<p>See you soon.</p>");
        await page.Locator("#tpl-vars").FillAsync("{\"first_name\": \"Ada\"}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Preview" }).ClickAsync();
        await Assertions.Expect(page.Locator("#preview-subject")).ToHaveTextAsync("Hi Ada");
        await Assertions.Expect(page.FrameLocator("iframe.preview").Locator("body")).ToContainTextAsync("Hello Ada");
        var frame = await page.Context.APIRequest.GetAsync(Origin + await page.Locator("iframe.preview").GetAttributeAsync("src"));
        Assert.That(frame.Headers["content-security-policy"], Does.StartWith("default-src 'none'"), "the email's HTML runs no script");
        await Assertions.Expect(page.Locator("#preview-text")).ToContainTextAsync("Hello Ada");
        await PanelBrowser.CheckAsync(page, "templates-preview");

        await page.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Created with version 1");
        await page.Locator("#tpl-html").FillAsync("<p style=\"color: #0b57d0\">Welcome aboard, {{ first_name }}</p>\n<p>See you soon.</p>");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save as version 2" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Saved as version 2, now active.");
        var stored = await tenant.Client.GetFromJsonAsync<JsonElement>("/v1/templates/welcome");
        Assert.That(stored.GetProperty("active_version").GetInt32(), Is.EqualTo(2));
        Assert.That(stored.GetProperty("active").GetProperty("html").GetString(), Does.Contain("Welcome aboard"));

        await page.GetByRole(AriaRole.Link, new() { Name = "Diff with active" }).ClickAsync();
        var diff = page.GetByLabel("HTML differences");
        await Assertions.Expect(diff.Locator(".del")).ToContainTextAsync("Hello {{ first_name }}");
        await Assertions.Expect(diff.Locator(".ins")).ToContainTextAsync("Welcome aboard, {{ first_name }}");
        await Assertions.Expect(diff.Locator(".same")).ToContainTextAsync("See you soon.");
        await PanelBrowser.CheckAsync(page, "templates-diff");

        await page.GetByRole(AriaRole.Button, new() { Name = "Roll back to 1" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Version 1 is active: new sends use it.");
        var rolledBack = await tenant.Client.GetFromJsonAsync<JsonElement>("/v1/templates/welcome");
        Assert.That(rolledBack.GetProperty("active_version").GetInt32(), Is.EqualTo(1));
        Assert.That(rolledBack.GetProperty("latest_version").GetInt32(), Is.EqualTo(2));

        // As you type (panel.js): after a pause the page shows the preview of what is in the form, saving nothing.
        await page.Locator("#tpl-html").FillAsync("<p>Live {{ first_name }}</p>");
        await Assertions.Expect(page.Locator("#preview-area [role=alert]")).ToContainTextAsync("Template variable 'first_name' has no value.");
        await page.Locator("#tpl-vars").FillAsync("{\"first_name\": \"Bo\"}");
        await Assertions.Expect(page.FrameLocator("#preview-area iframe.preview").Locator("body")).ToContainTextAsync("Live Bo");
        Assert.That((await tenant.Client.GetFromJsonAsync<JsonElement>("/v1/templates/welcome")).GetProperty("latest_version").GetInt32(), Is.EqualTo(2), "a preview saves nothing");

        var audit = (await tenant.Client.GetFromJsonAsync<JsonElement>("/v1/audit-log?limit=1000")).GetProperty("data").EnumerateArray()
            .Where(e => e.GetProperty("actor").GetString()!.StartsWith("user:", StringComparison.Ordinal))
            .Select(e => (e.GetProperty("action").GetString(), e.GetProperty("target").GetString())).ToList();
        Assert.That(audit, Is.SupersetOf(new[]
        {
            ("POST /v1/templates", "created=welcome"), ("PUT /v1/templates/{id}", "id=welcome"),
            ("POST /v1/templates/{id}/versions/{version:int}/activate", "id=welcome,version=1"),
        }));
    }

    [Test]
    public async Task AViewerReadsTemplatesWithoutChangingThemAndALayoutInUseIsNotDeleted()
    {
        using var tenant = await Factory.CreateTenantAsync();
        (await tenant.Client.PostAsJsonAsync("/v1/templates", new { id = "frame", name = "Frame", kind = "layout", html = "<div>{{ content }}</div>" })).EnsureSuccessStatusCode();
        (await tenant.Client.PostAsJsonAsync("/v1/templates", new { id = "receipt", name = "Receipt", subject = "Receipt", html = "<p>Paid</p>", layout_id = "frame" })).EnsureSuccessStatusCode();

        var viewer = await SignedInAsync(tenant.Id, PanelRoles.Viewer);
        await viewer.GotoAsync("/panel/templates");
        await Assertions.Expect(viewer.Locator("tr[data-template]")).ToHaveCountAsync(2);
        await Assertions.Expect(viewer.GetByRole(AriaRole.Button, new() { Name = "Create" })).ToHaveCountAsync(0);
        await viewer.GetByRole(AriaRole.Link, new() { Name = "receipt" }).ClickAsync();
        await Assertions.Expect(viewer.Locator("pre.content").First).ToContainTextAsync("<p>Paid</p>");
        await Assertions.Expect(viewer.GetByRole(AriaRole.Button)).ToHaveCountAsync(2); // the two sign-out buttons only
        await PanelBrowser.CheckAsync(viewer, "templates-viewer");

        var developer = await SignedInAsync(tenant.Id, PanelRoles.Developer);
        await developer.GotoAsync("/panel/templates/frame");
        await PanelBrowser.ConfirmAsync(developer.Locator("main"), "Delete layout");
        await Assertions.Expect(developer.GetByRole(AriaRole.Alert)).ToContainTextAsync("change them to another layout first");
        Assert.That((await tenant.Client.GetAsync("/v1/templates/frame")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        await developer.GotoAsync("/panel/templates/receipt");
        await PanelBrowser.ConfirmAsync(developer.Locator("main"), "Delete template");
        await developer.WaitForURLAsync($"{Origin}/panel/templates");
        await Assertions.Expect(developer.Locator("tr[data-template]")).ToHaveCountAsync(1);
        Assert.That((await tenant.Client.GetAsync("/v1/templates/receipt")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        var gone = await developer.GotoAsync("/panel/templates/receipt");
        Assert.That(gone!.Status, Is.EqualTo(404));
    }
}
