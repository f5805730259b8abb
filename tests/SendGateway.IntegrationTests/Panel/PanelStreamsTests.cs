using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using SendGateway.Server.Users;

namespace SendGateway.IntegrationTests.Panel;

/// <summary>
/// The panel's side of message streams: the Streams page creates, changes and deletes a stream through the API's
/// checks and audit actions; the SMTP page gives new credentials a default stream; the Settings page switches
/// <c>stream_defaults</c>, and the Streams page shows the unsubscribe default that follows from it. Checked via the API.
/// </summary>
[TestFixture]
public sealed class PanelStreamsTests : PanelPageFixture
{
    [Test]
    public async Task ADeveloperCreatesAStreamChangesItsUnsubscribeModeAndDeletesItWithTheConfirmation()
    {
        using var tenant = await Factory.CreateTenantAsync();
        var page = await SignedInAsync(tenant.Id, PanelRoles.Developer);
        await page.GetByRole(AriaRole.Link, new() { Name = "Streams" }).ClickAsync();
        await Assertions.Expect(page.Locator("tr[data-stream='transactional'] td.unsubscribe")).ToHaveTextAsync("off (default)");
        await Assertions.Expect(page.Locator("tr[data-stream='broadcast'] td.unsubscribe")).ToHaveTextAsync("header (default)");
        await Assertions.Expect(page.Locator("tr[data-stream='broadcast']").GetByRole(AriaRole.Button, new() { Name = "Delete" })).ToHaveCountAsync(0);

        await page.Locator("#stream-id").FillAsync("News Letter");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Newsletter");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create stream" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("lower-case letters"); // the API's check of the id
        await Assertions.Expect(page.Locator("tr[data-stream]")).ToHaveCountAsync(2);

        await page.Locator("#stream-id").FillAsync("newsletter");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Newsletter");
        await page.GetByLabel("Kind").SelectOptionAsync("broadcast");
        await page.GetByLabel("Tracking", new() { Exact = true }).SelectOptionAsync("opens");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create stream" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Stream newsletter created");
        var row = page.Locator("tr[data-stream='newsletter']");
        await Assertions.Expect(row.Locator("td.unsubscribe")).ToHaveTextAsync("header (default)");
        await Assertions.Expect(row.Locator("td.tracking")).ToHaveTextAsync("opens on, clicks off");
        await PanelBrowser.CheckAsync(page, "streams");
        var created = await tenant.Client.GetFromJsonAsync<JsonElement>("/v1/streams/newsletter");
        Assert.That(created.GetProperty("kind").GetString(), Is.EqualTo("broadcast"));
        Assert.That(Text(created, "unsubscribe"), Is.Null, "left to its kind's default");
        Assert.That(created.GetProperty("track_opens").GetBoolean(), Is.True);
        Assert.That(created.GetProperty("track_clicks").GetBoolean(), Is.False);

        await row.GetByLabel("Unsubscribe of newsletter").SelectOptionAsync("header_and_footer");
        await row.GetByRole(AriaRole.Button, new() { Name = "Save newsletter" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Stream newsletter saved");
        await Assertions.Expect(row.Locator("td.unsubscribe")).ToHaveTextAsync("header_and_footer");
        var changed = await tenant.Client.GetFromJsonAsync<JsonElement>("/v1/streams/newsletter");
        Assert.That(Text(changed, "unsubscribe"), Is.EqualTo("header_and_footer"));
        Assert.That(changed.GetProperty("track_opens").GetBoolean(), Is.True, "the tracking shown was sent back unchanged");

        await PanelBrowser.ConfirmAsync(row, "Delete");
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Stream newsletter deleted");
        await Assertions.Expect(page.Locator("tr[data-stream]")).ToHaveCountAsync(2);
        Assert.That((await tenant.Client.GetAsync("/v1/streams/newsletter")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));

        var actions = (await tenant.Client.GetFromJsonAsync<JsonElement>("/v1/audit-log?limit=1000")).GetProperty("data").EnumerateArray()
            .Where(e => e.GetProperty("actor").GetString()!.StartsWith("user:", StringComparison.Ordinal)).Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.That(actions, Is.SupersetOf(new[] { "POST /v1/streams", "PATCH /v1/streams/{id}", "DELETE /v1/streams/{id}" }));

        var viewer = await SignedInAsync(tenant.Id, PanelRoles.Viewer);
        await viewer.GotoAsync("/panel");
        await Assertions.Expect(viewer.GetByRole(AriaRole.Link, new() { Name = "Streams" })).ToHaveCountAsync(0); // developers and up, as the API
    }

    [Test]
    public async Task SmtpCredentialsCreatedWithDefaultStreamBroadcastHaveItInTheApi()
    {
        using var tenant = await Factory.CreateTenantAsync();
        var page = await SignedInAsync(tenant.Id, PanelRoles.Developer);
        await page.GotoAsync("/panel/smtp");
        await page.GetByLabel("Name").FillAsync("newsletter-app");
        await page.GetByLabel("Default stream").SelectOptionAsync("broadcast");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create credentials" }).ClickAsync();
        await Assertions.Expect(page.Locator("#new-username")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("tr[data-credential='newsletter-app'] td.default-stream")).ToHaveTextAsync("broadcast");

        var listed = (await tenant.Client.GetFromJsonAsync<JsonElement>("/v1/smtp-credentials")).GetProperty("data");
        Assert.That(listed.GetArrayLength(), Is.EqualTo(1));
        Assert.That(Text(listed[0], "default_stream"), Is.EqualTo("broadcast"));
    }

    [Test]
    public async Task AnAdminSwitchesStreamDefaultsOffAndOnAndTheStreamsPageShowsTheUnsubscribeDefaultThatFollows()
    {
        using var tenant = await Factory.CreateTenantAsync();
        Assert.That((await tenant.Client.GetFromJsonAsync<JsonElement>("/v1/settings")).GetProperty("stream_defaults").GetBoolean(), Is.True, "a new account starts with them");
        var page = await SignedInAsync(tenant.Id, PanelRoles.Admin);
        await page.GotoAsync("/panel/settings");
        var box = page.GetByLabel("Use the streams' defaults");
        await Assertions.Expect(box).ToBeCheckedAsync();
        await box.UncheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Saved.");
        await Assertions.Expect(box).Not.ToBeCheckedAsync();
        Assert.That((await tenant.Client.GetFromJsonAsync<JsonElement>("/v1/settings")).GetProperty("stream_defaults").GetBoolean(), Is.False);

        // Without the streams' defaults a stream that sets none takes the account's unsubscribe setting (header), transactional too.
        await page.GotoAsync("/panel/streams");
        await Assertions.Expect(page.Locator("tr[data-stream='transactional'] td.unsubscribe")).ToHaveTextAsync("header (default)");

        await page.GotoAsync("/panel/settings");
        await box.CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Saved.");
        Assert.That((await tenant.Client.GetFromJsonAsync<JsonElement>("/v1/settings")).GetProperty("stream_defaults").GetBoolean(), Is.True);
    }

    /// <summary>A string field, null when absent or null.</summary>
    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
