using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.Server.Users;

namespace SendGateway.IntegrationTests.Panel;

/// <summary>Message content in the panel: who may see it, the copy as sent for tenants that keep it, and its erasure.</summary>
public sealed partial class PanelTests
{
    [Test]
    public async Task AViewerSeesTheTimelineButNotTheContent()
    {
        var id = await SendAsync($"viewer-{Guid.NewGuid():N}@mx-ok.test", "viewer");
        var page = await SignedInAsync(await CreateUserAsync(PanelRoles.Viewer, totp: true));
        await page.GotoAsync($"/panel/messages/{id}");
        await Assertions.Expect(page.Locator("tr[data-event=ok]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "View content" })).ToHaveCountAsync(0);
        await page.GotoAsync($"/panel/messages/{id}/content");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not allowed" })).ToBeVisibleAsync();
        await PanelBrowser.CheckAsync(page, "denied");

        // Content is kept with the queued message: a scheduled one has it (a delivered one's is gone with its queue entry).
        var scheduled = await _tenant.SendAsync(new
        {
            from = new { email = $"news@{Domain}" }, to = new[] { new { email = $"later-{Guid.NewGuid():N}@mx-ok.test" } }, subject = "Later", text = "Hello",
            send_at = DateTimeOffset.UtcNow.AddHours(2),
        });
        var later = (await scheduled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;
        await _tenant.WaitForIngestedStatusAsync(later, "injected");
        var developer = await SignedInAsync(await CreateUserAsync(PanelRoles.Developer, totp: true));
        await developer.GotoAsync($"/panel/messages/{later}");
        await developer.GetByRole(AriaRole.Link, new() { Name = "View content" }).ClickAsync();
        await Assertions.Expect(developer.Locator("#text-part")).ToHaveTextAsync("Hello");
        await PanelBrowser.CheckAsync(developer, "content");
        await developer.GotoAsync($"/panel/messages/{later}");
        await PanelBrowser.ConfirmAsync(developer.Locator("main"), "Cancel this scheduled message");
        await Assertions.Expect(developer.GetByRole(AriaRole.Status)).ToHaveTextAsync("Cancelled: the message will not be sent.");
        await _tenant.WaitForStatusAsync(later, "dropped");
        var audit = await _tenant.Client.GetFromJsonAsync<JsonElement>("/v1/audit-log?limit=1000");
        Assert.That(audit.GetProperty("data").EnumerateArray().Where(e => e.GetProperty("action").GetString() == "panel.content_viewed").Select(e => e.GetProperty("target").GetString()),
            Does.Contain(later), "every view of content is audited");
    }

    [Test]
    public async Task ATenantThatKeepsContentShowsTheCopyAsSentAndErasureRemovesIt()
    {
        using var tenant = await _factory.CreateTenantAsync();
        var domain = $"keep-{Guid.NewGuid():N}"[..16] + ".test";
        await SendGatewayFactory.AddDomainAsync(tenant, domain);
        Assert.That((await tenant.Client.PutAsJsonAsync("/v1/settings", new { keep_content_days = 91 })).StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        (await tenant.Client.PutAsJsonAsync("/v1/settings", new { keep_content_days = 7 })).EnsureSuccessStatusCode();
        var rcpt = $"kept-{Guid.NewGuid():N}@mx-ok.test";
        var response = await tenant.SendAsync(new { from = new { email = $"news@{domain}" }, to = new[] { new { email = rcpt, vars = new { first = "Ann" } } }, subject = "Kept", text = "Hello {{ first }}" });
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;
        await tenant.WaitForStatusAsync(id, "ok");
        await using var db = new Npgsql.NpgsqlConnection(_factory.PostgresConnectionString);
        await db.OpenAsync();
        async Task<long> KeptAsync() => await Dapper.SqlMapper.ExecuteScalarAsync<long>(db, "SELECT count(*) FROM message_contents WHERE message_id = @id", new { id });
        await Polling.UntilAsync(KeptAsync, n => n == 1, TimeSpan.FromSeconds(30));

        var page = await SignedInAsync(await CreateUserAsync(PanelRoles.Developer, totp: true, tenant.Id));
        await page.GotoAsync($"/panel/messages/{id}/content");
        await Assertions.Expect(page.Locator("#text-part")).ToHaveTextAsync("Hello Ann", new() { UseInnerText = true });
        await Assertions.Expect(page.Locator("#sent-headers")).ToContainTextAsync("DKIM-Signature");
        await Assertions.Expect(page.Locator("#sent-headers")).ToContainTextAsync(rcpt);
        await PanelBrowser.CheckAsync(page, "content-as-sent");

        var other = await SendAsync($"unkept-{Guid.NewGuid():N}@mx-ok.test", "unkept");
        var developer = await SignedInAsync(await CreateUserAsync(PanelRoles.Developer, totp: true));
        await developer.GotoAsync($"/panel/messages/{other}/content");
        await Assertions.Expect(developer.GetByText("The content is not kept.")).ToBeVisibleAsync();

        var export = await tenant.Client.GetFromJsonAsync<JsonElement>($"/v1/privacy/export?email={Uri.EscapeDataString(rcpt)}");
        Assert.That(export.GetProperty("contents")[0].GetProperty("mime").GetString(), Does.Contain("Hello Ann"), "the recipient's export holds the kept copy");
        (await tenant.Client.PostAsJsonAsync("/v1/privacy/erasures", new { emails = new[] { rcpt } })).EnsureSuccessStatusCode();
        Assert.That(await KeptAsync(), Is.Zero, "erasure takes the copy with the message");
    }
    [Test]
    public async Task TheHtmlPartShowsInASandboxedFrameThatRunsNoScriptAndLoadsRemoteImagesOnlyWhenAsked()
    {
        await using var images = new ImageServer();
        var html = $"""
            <p style="color: #0b57d0">Hello from the frame</p>
            <img src="{images.Origin}/pixel.png" alt="pixel" width="1" height="1">
            <script>document.body.insertAdjacentText('beforeend', 'SCRIPT RAN'); new Image().src = '{images.Origin}/script.png'; fetch('{images.Origin}/fetch');</script>
            """;
        var scheduled = await _tenant.SendAsync(new
        {
            from = new { email = $"news@{Domain}" }, to = new[] { new { email = $"frame-{Guid.NewGuid():N}@mx-ok.test" } }, subject = "Frame", html,
            send_at = DateTimeOffset.UtcNow.AddHours(2),
        });
        var id = (await scheduled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;
        await _tenant.WaitForIngestedStatusAsync(id, "injected");

        var page = await SignedInAsync(await CreateUserAsync(PanelRoles.Developer, totp: true));
        await page.GotoAsync($"/panel/messages/{id}/content", new() { WaitUntil = WaitUntilState.Load });
        await Assertions.Expect(page.Locator("#html-frame")).ToHaveAttributeAsync("sandbox", "");
        await Assertions.Expect(page.Locator("#html-frame")).ToHaveAttributeAsync("title", new System.Text.RegularExpressions.Regex("remote images blocked"));
        await Assertions.Expect(page.FrameLocator("#html-frame").Locator("body")).ToContainTextAsync("Hello from the frame");
        await Assertions.Expect(page.Locator("#html-part")).ToContainTextAsync("<img src=");
        var served = await page.Context.APIRequest.GetAsync($"{_origin}/panel/messages/{id}/content/html");
        Assert.That(served.Headers["content-security-policy"], Does.Contain("img-src data:;").And.EndWith("sandbox"), "no remote image, no script, an opaque origin");
        await PanelBrowser.CheckAsync(page, "content-html-frame");
        await page.WaitForLoadStateAsync(LoadState.Load); // the load event waits for the frame and every image it asked for
        Assert.That(images.Paths, Is.Empty, "the frame fetched nothing from the image's server");

        await page.GetByRole(AriaRole.Link, new() { Name = "Show remote images" }).ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("images=remote"));
        await Assertions.Expect(page.Locator("#html-frame")).ToHaveAttributeAsync("title", new System.Text.RegularExpressions.Regex("remote images shown"));
        await Polling.UntilAsync(() => Task.FromResult(images.Paths), paths => paths.Contains("/pixel.png"), TimeSpan.FromSeconds(15));
        await Assertions.Expect(page.FrameLocator("#html-frame").Locator("body")).ToContainTextAsync("Hello from the frame");
        await page.WaitForLoadStateAsync(LoadState.Load);
        Assert.That(images.Paths, Is.All.EqualTo("/pixel.png"), "the email's script never ran, with or without remote images");
        await Assertions.Expect(page.FrameLocator("#html-frame").Locator("body")).Not.ToContainTextAsync("SCRIPT RAN");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Block remote images" })).ToBeVisibleAsync();

        var audit = await _tenant.Client.GetFromJsonAsync<JsonElement>("/v1/audit-log?limit=1000");
        Assert.That(audit.GetProperty("data").EnumerateArray().Count(e => e.GetProperty("action").GetString() == "panel.content_viewed" && e.GetProperty("target").GetString() == id),
            Is.GreaterThanOrEqualTo(4), "the pages and their frames, with and without remote images, are each audited");
    }
}
