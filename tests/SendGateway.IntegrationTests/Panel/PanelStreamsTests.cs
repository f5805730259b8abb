using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using SendGateway.Server.Users;

namespace SendGateway.IntegrationTests.Panel;

/// <summary>
/// The panel's side of message streams: the Streams page creates, changes (name and pool too) and deletes a stream
/// through the API's checks and audit actions; the SMTP page gives new credentials a default stream and changes an
/// existing one's as <c>PATCH /v1/smtp-credentials/{id}</c> does; the Settings page switches
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
    public async Task ADeveloperRenamesABuiltInStreamAndSetsItsPoolButNotAPoolTheAccountMayNotUse()
    {
        using var tenant = await Factory.CreateTenantAsync();
        var pool = $"sp-{Guid.NewGuid():N}"[..15];
        using (var admin = Factory.CreateAdminClient())
        {
            var created = await admin.PostAsJsonAsync("/v1/admin/ip-pools", new { name = pool, sources = new[] { new { address = "127.0.0.2", ehlo_name = $"{pool}.mta.sendgateway.test", weight = 1 } } });
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
            (await admin.PatchAsJsonAsync($"/v1/admin/tenants/{tenant.Id}", new { allowed_ip_pools = new[] { pool } })).EnsureSuccessStatusCode();
        }

        var page = await SignedInAsync(tenant.Id, PanelRoles.Developer);
        await page.GotoAsync("/panel/streams");
        var row = page.Locator("tr[data-stream='broadcast']");
        await Assertions.Expect(row.GetByLabel("Name of broadcast")).ToHaveValueAsync("Broadcast");
        await row.GetByLabel("Name of broadcast").FillAsync("  Newsletters ");
        await row.GetByLabel("IP pool of broadcast").FillAsync(pool);
        await row.GetByRole(AriaRole.Button, new() { Name = "Save broadcast" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Stream broadcast saved: name Newsletters, IP pool {pool}");
        await Assertions.Expect(row.Locator("td.name")).ToHaveTextAsync("Newsletters");
        await Assertions.Expect(row.Locator("td.ip-pool")).ToHaveTextAsync(pool);
        var saved = await tenant.Client.GetFromJsonAsync<JsonElement>("/v1/streams/broadcast");
        Assert.That(Text(saved, "name"), Is.EqualTo("Newsletters"), "trimmed, as the API does");
        Assert.That(Text(saved, "ip_pool"), Is.EqualTo(pool));
        Assert.That(Text(saved, "unsubscribe"), Is.Null, "the unsubscribe default shown was sent back unchanged");
        await PanelBrowser.CheckAsync(page, "stream-renamed");

        await row.GetByLabel("IP pool of broadcast").FillAsync("not-this-accounts");
        await row.GetByRole(AriaRole.Button, new() { Name = "Save broadcast" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("may not use that IP pool"); // the API's check, in the Notice
        await Assertions.Expect(row.Locator("td.ip-pool")).ToHaveTextAsync(pool);
        Assert.That(Text(await tenant.Client.GetFromJsonAsync<JsonElement>("/v1/streams/broadcast"), "ip_pool"), Is.EqualTo(pool), "nothing was changed");

        await row.GetByLabel("IP pool of broadcast").FillAsync("");
        await row.GetByRole(AriaRole.Button, new() { Name = "Save broadcast" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("IP pool the account's default");
        await Assertions.Expect(row.Locator("td.ip-pool")).ToHaveTextAsync("the account's default");
        var reset = await tenant.Client.GetFromJsonAsync<JsonElement>("/v1/streams/broadcast");
        Assert.That(Text(reset, "ip_pool"), Is.Null, "empty goes back to the account's default pool, as ip_pool \"\" does");
        Assert.That(Text(reset, "name"), Is.EqualTo("Newsletters"));

        var actions = (await tenant.Client.GetFromJsonAsync<JsonElement>("/v1/audit-log?limit=1000")).GetProperty("data").EnumerateArray()
            .Where(e => e.GetProperty("actor").GetString()!.StartsWith("user:", StringComparison.Ordinal)).Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.That(actions.Count(a => a == "PATCH /v1/streams/{id}"), Is.EqualTo(2), "the two saves; the refused one changed nothing");
    }

    [Test]
    public async Task ADeveloperChangesTheDefaultStreamOfExistingSmtpCredentialsToAStreamTheAccountHas()
    {
        using var tenant = await Factory.CreateTenantAsync();
        (await tenant.Client.PostAsJsonAsync("/v1/smtp-credentials", new { name = "billing-app" })).EnsureSuccessStatusCode();
        foreach (var id in new[] { "newsletter", "soon-gone" })
        {
            (await tenant.Client.PostAsJsonAsync("/v1/streams", new { id, name = id, kind = "broadcast" })).EnsureSuccessStatusCode();
        }

        var page = await SignedInAsync(tenant.Id, PanelRoles.Developer);
        await page.GotoAsync("/panel/smtp");
        var row = page.Locator("tr[data-credential='billing-app']");
        var choice = row.GetByLabel("Default stream of billing-app", new() { Exact = true });
        var save = row.GetByRole(AriaRole.Button, new() { Name = "Save the default stream of billing-app" });
        await Assertions.Expect(row.Locator("td.default-stream")).ToHaveTextAsync("transactional");

        // Checked as the API checks it: the stream is gone by the time the form arrives.
        await choice.SelectOptionAsync("soon-gone");
        Assert.That((await tenant.Client.DeleteAsync("/v1/streams/soon-gone")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        await save.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("This account has no stream of that id");
        Assert.That(Text((await tenant.Client.GetFromJsonAsync<JsonElement>("/v1/smtp-credentials")).GetProperty("data")[0], "default_stream"), Is.Null);

        await choice.SelectOptionAsync("newsletter");
        await save.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("billing-app now sends to stream newsletter");
        await Assertions.Expect(row.Locator("td.default-stream")).ToHaveTextAsync("newsletter");
        await Assertions.Expect(choice).ToHaveValueAsync("newsletter");
        Assert.That(Text((await tenant.Client.GetFromJsonAsync<JsonElement>("/v1/smtp-credentials")).GetProperty("data")[0], "default_stream"), Is.EqualTo("newsletter"));
        await PanelBrowser.CheckAsync(page, "smtp-default-stream");

        await choice.SelectOptionAsync("transactional");
        await save.ClickAsync();
        await Assertions.Expect(row.Locator("td.default-stream")).ToHaveTextAsync("transactional");
        Assert.That(Text((await tenant.Client.GetFromJsonAsync<JsonElement>("/v1/smtp-credentials")).GetProperty("data")[0], "default_stream"), Is.Null, "back to the default, as default_stream null");

        var actions = (await tenant.Client.GetFromJsonAsync<JsonElement>("/v1/audit-log?limit=1000")).GetProperty("data").EnumerateArray()
            .Where(e => e.GetProperty("actor").GetString()!.StartsWith("user:", StringComparison.Ordinal)).Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.That(actions.Count(a => a == "PATCH /v1/smtp-credentials/{id}"), Is.EqualTo(2));
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
