using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.Server.Users;

namespace SendGateway.IntegrationTests.Panel;

/// <summary>
/// Panel part 2's first pages (issue 18): Settings and Users for admins, through the same checks as the API and with
/// the same audit actions; developers reach neither.
/// </summary>
[TestFixture]
public sealed class PanelAdminTests : PanelPageFixture
{
    [Test]
    public async Task AnAdminChangesSettingsWithTheApisRulesAndTheSameAuditAction()
    {
        using var tenant = await Factory.CreateTenantAsync();
        var page = await SignedInAsync(tenant.Id, PanelRoles.Admin);
        await page.GetByRole(AriaRole.Link, new() { Name = "Settings" }).ClickAsync();
        await page.GetByLabel("Track opens").CheckAsync();
        await page.GetByLabel("Keep each message as sent for (days; 0: not kept)").FillAsync("100");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
        await Assertions.Expect(page.Locator("#keep_content:invalid")).ToHaveCountAsync(1); // the page states the API's limits: the browser holds the form
        Assert.That((await tenant.Client.GetFromJsonAsync<JsonElement>("/v1/settings")).GetProperty("track_opens").GetBoolean(), Is.False, "nothing saved");

        await page.GetByLabel("Keep each message as sent for (days; 0: not kept)").FillAsync("5");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Saved.");
        await PanelBrowser.CheckAsync(page, "settings");
        var saved = await tenant.Client.GetFromJsonAsync<JsonElement>("/v1/settings");
        Assert.That(saved.GetProperty("track_opens").GetBoolean(), Is.True);
        Assert.That(saved.GetProperty("keep_content_days").GetInt32(), Is.EqualTo(5));
        var audit = await tenant.Client.GetFromJsonAsync<JsonElement>("/v1/audit-log?limit=1000");
        Assert.That(audit.GetProperty("data").EnumerateArray().Any(e => e.GetProperty("action").GetString() == "PUT /v1/settings"
            && e.GetProperty("actor").GetString()!.StartsWith("user:", StringComparison.Ordinal)), Is.True, "the API's action, by the person");

        await page.GetByRole(AriaRole.Link, new() { Name = "Audit log" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-chain]")).ToHaveAttributeAsync("data-chain", "intact");
        await page.GetByLabel("Action contains").FillAsync("settings");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Assertions.Expect(page.Locator("tr[data-action]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("tr[data-action]")).ToHaveAttributeAsync("data-action", "PUT /v1/settings");
        await PanelBrowser.CheckAsync(page, "audit-log");
    }

    [Test]
    public async Task AnAdminInvitesChangesResetsAndRemovesPeopleButNotAnOwnerAndADeveloperReachesNeitherPage()
    {
        using var tenant = await Factory.CreateTenantAsync();
        var owner = $"owner-{Guid.NewGuid():N}@people.test";
        await Factory.Services.GetRequiredService<UserAccounts>().CreateAsync(tenant.Id, owner, PanelRoles.Owner, null, false, CancellationToken.None);
        var page = await SignedInAsync(tenant.Id, PanelRoles.Admin);
        await page.GetByRole(AriaRole.Link, new() { Name = "Users" }).ClickAsync();
        await Assertions.Expect(page.Locator($"tr[data-user='{owner}']")).ToContainTextAsync("only an owner changes an owner");
        await Assertions.Expect(page.GetByLabel("Role").Locator("option[value=owner]")).ToHaveCountAsync(0);

        var invited = $"dev-{Guid.NewGuid():N}@people.test";
        await page.GetByLabel("Email").FillAsync(invited);
        await page.GetByLabel("Role").SelectOptionAsync("developer");
        await page.GetByRole(AriaRole.Button, new() { Name = "Invite" }).ClickAsync();
        Assert.That(await page.Locator("#invitation-url").InnerTextAsync(), Does.StartWith($"{Origin}/panel/welcome/"), "the one-time link, shown once");
        await Assertions.Expect(page.Locator($"tr[data-invitation='{invited}']")).ToContainTextAsync("developer");
        await PanelBrowser.CheckAsync(page, "users");

        var member = $"member-{Guid.NewGuid():N}@people.test";
        await Factory.Services.GetRequiredService<UserAccounts>().CreateAsync(tenant.Id, member, PanelRoles.Developer, null, true, CancellationToken.None);
        await page.GotoAsync("/panel/users");
        var row = page.Locator($"tr[data-user='{member}']");
        await row.GetByLabel($"New role for {member}").SelectOptionAsync("viewer");
        await row.GetByRole(AriaRole.Button, new() { Name = "Change role" }).ClickAsync();
        await Assertions.Expect(page.Locator($"tr[data-user='{member}']")).ToContainTextAsync("viewer");
        await PanelBrowser.ConfirmAsync(page.Locator($"tr[data-user='{member}']"), "Reset sign-in");
        await Assertions.Expect(page.Locator("[data-invitation=shown]")).ToContainTextAsync("sets a new password and second factor");
        await Assertions.Expect(page.Locator($"tr[data-user='{member}']")).ToContainTextAsync("not set up");
        await PanelBrowser.ConfirmAsync(page.Locator($"tr[data-user='{member}']"), "Remove");
        await Assertions.Expect(page.Locator($"tr[data-user='{member}']")).ToHaveCountAsync(0);
        var actions = (await tenant.Client.GetFromJsonAsync<JsonElement>("/v1/audit-log?limit=1000")).GetProperty("data").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.That(actions, Is.SupersetOf(new[] { "POST /v1/users", "PATCH /v1/users/{id}", "POST /v1/users/{id}/reset", "DELETE /v1/users/{id}" }));

        var developer = await SignedInAsync(tenant.Id, PanelRoles.Developer);
        await Assertions.Expect(developer.GetByRole(AriaRole.Link, new() { Name = "Users" })).ToHaveCountAsync(0);
        foreach (var path in new[] { "/panel/users", "/panel/settings" })
        {
            await developer.GotoAsync(path);
            await Assertions.Expect(developer.GetByRole(AriaRole.Heading, new() { Name = "Not allowed" })).ToBeVisibleAsync();
        }
    }

    [Test]
    public async Task AnAdminAddsVerifiesAndRemovesADomainAndAViewerOnlyReadsIt()
    {
        using var tenant = await Factory.CreateTenantAsync();
        var name = $"panel-dom-{Guid.NewGuid():N}"[..20] + ".test";
        var page = await SignedInAsync(tenant.Id, PanelRoles.Admin);
        await page.GetByRole(AriaRole.Link, new() { Name = "Domains" }).ClickAsync();
        await page.GetByLabel("Domain", new() { Exact = true }).FillAsync(name);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add domain" }).ClickAsync();
        var card = page.Locator($"section[data-domain='{name}']");
        await Assertions.Expect(card.Locator("tr[data-record]")).ToHaveCountAsync(5);
        await card.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();
        await Assertions.Expect(page.Locator($"section[data-domain='{name}'] tr[data-record=dkim] td[data-check]")).ToHaveAttributeAsync("data-check", "missing");

        var records = (await tenant.Client.GetFromJsonAsync<JsonElement>($"/v1/domains/{name}")).GetProperty("records").EnumerateArray().ToList();
        foreach (var record in records.Where(r => r.GetProperty("purpose").GetString() is "dkim" or "return_path"))
        {
            if (record.GetProperty("type").GetString() == "TXT")
            {
                TestEnvironment.Dns.AddTxt(record.GetProperty("name").GetString()!, record.GetProperty("value").GetString()!);
            }
            else
            {
                TestEnvironment.Dns.AddCname(record.GetProperty("name").GetString()!, record.GetProperty("value").GetString()!);
            }
        }

        await page.Locator($"section[data-domain='{name}']").GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();
        await Assertions.Expect(page.Locator($"section[data-domain='{name}'] [data-state=sending]")).ToHaveTextAsync("verified");
        await Assertions.Expect(page.Locator($"section[data-domain='{name}'] tr[data-record=tracking] td[data-check]")).ToHaveAttributeAsync("data-check", "missing");
        await PanelBrowser.CheckAsync(page, "domains");

        var viewer = await SignedInAsync(tenant.Id, PanelRoles.Viewer);
        await viewer.GotoAsync("/panel/domains");
        await Assertions.Expect(viewer.Locator($"section[data-domain='{name}'] tr[data-record]")).ToHaveCountAsync(5);
        await Assertions.Expect(viewer.GetByRole(AriaRole.Button, new() { Name = "Verify" })).ToHaveCountAsync(0);
        await Assertions.Expect(viewer.GetByRole(AriaRole.Button, new() { Name = "Add domain" })).ToHaveCountAsync(0);

        await PanelBrowser.ConfirmAsync(page.Locator($"section[data-domain='{name}']"), "Remove domain");
        await Assertions.Expect(page.Locator($"section[data-domain='{name}']")).ToHaveCountAsync(0);
        Assert.That((await tenant.Client.GetAsync($"/v1/domains/{name}")).StatusCode, Is.EqualTo(System.Net.HttpStatusCode.NotFound));
        var actions = (await tenant.Client.GetFromJsonAsync<JsonElement>("/v1/audit-log?limit=1000")).GetProperty("data").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.That(actions, Is.SupersetOf(new[] { "POST /v1/domains", "POST /v1/domains/{name}/verify", "DELETE /v1/domains/{name}" }));
    }

    [Test]
    public async Task TheDomainsPageSaysAnUnverifiedDomainSendsNothingAndShowsAnOperatorOverride()
    {
        using var tenant = await Factory.CreateTenantAsync();
        var pending = $"panel-pend-{Guid.NewGuid():N}"[..21] + ".test";
        var forced = $"panel-force-{Guid.NewGuid():N}"[..22] + ".test";
        (await tenant.Client.PostAsJsonAsync("/v1/domains", new { name = pending })).EnsureSuccessStatusCode();
        Assert.That(await Factory.Services.GetRequiredService<SendGateway.Server.Domains.DomainChanges>().ForceVerifyAsync(tenant.Id, forced, CancellationToken.None),
            Is.EqualTo(SendGateway.Server.Domains.DomainAddStatus.Created));

        var page = await SignedInAsync(tenant.Id, PanelRoles.Admin);
        await page.GotoAsync("/panel/domains");
        await Assertions.Expect(page.Locator("[data-notice=unverified]")).ToContainTextAsync("a domain that is not verified sends nothing");
        await Assertions.Expect(page.Locator($"section[data-domain='{pending}'] [data-state=sending]")).ToHaveTextAsync("not verified: nothing is sent");
        await Assertions.Expect(page.Locator($"section[data-domain='{forced}'] [data-state=sending]")).ToHaveTextAsync("verified by operator override (no DNS check)");
    }

    [Test]
    public async Task ADeveloperCreatesAKeyShownOnceThatWorksAndRevokesItWhileAViewerSeesNoSecretAndNoButton()
    {
        using var tenant = await Factory.CreateTenantAsync();
        var page = await SignedInAsync(tenant.Id, PanelRoles.Developer);
        await page.GetByRole(AriaRole.Link, new() { Name = "API keys" }).ClickAsync();
        await page.GetByLabel("Name").FillAsync("from-the-panel");
        await page.GetByLabel("send").UncheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        var key = (await page.Locator("#new-key").InnerTextAsync()).Trim();
        Assert.That(key, Does.StartWith("sgk_"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Copy the key" }).ClickAsync();
        await Assertions.Expect(page.Locator("button[data-copy='new-key']")).ToHaveTextAsync("Copied the key");
        Assert.That(await page.EvaluateAsync<string>("navigator.clipboard.readText()"), Is.EqualTo(key), "the copy button copies the key");
        await PanelBrowser.CheckAsync(page, "keys");
        using var client = new HttpClient { BaseAddress = new Uri(Origin) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        Assert.That((await client.GetAsync("/v1/events")).StatusCode, Is.EqualTo(System.Net.HttpStatusCode.OK), "read: the key works");
        Assert.That((await client.PostAsync("/v1/messages", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"))).StatusCode,
            Is.EqualTo(System.Net.HttpStatusCode.Forbidden), "send was left out");
        await Polling.UntilAsync(async () => (await tenant.Client.GetFromJsonAsync<JsonElement>("/v1/api-keys")).GetProperty("data").EnumerateArray()
            .Any(k => k.GetProperty("name").GetString() == "from-the-panel" && k.GetProperty("last_used_at").ValueKind == JsonValueKind.String), used => used, TimeSpan.FromSeconds(30));
        await page.GotoAsync("/panel/keys"); // not a reload: that would post the form again
        await Assertions.Expect(page.Locator("tr[data-key='from-the-panel'] td.last-used")).Not.ToHaveTextAsync("never");

        var viewer = await SignedInAsync(tenant.Id, PanelRoles.Viewer);
        await viewer.GotoAsync("/panel/keys");
        await Assertions.Expect(viewer.Locator("tr[data-key='from-the-panel']")).ToHaveCountAsync(1);
        await Assertions.Expect(viewer.GetByRole(AriaRole.Button, new() { Name = "Revoke" })).ToHaveCountAsync(0);
        await Assertions.Expect(viewer.GetByRole(AriaRole.Button, new() { Name = "Create key" })).ToHaveCountAsync(0);
        Assert.That(await viewer.ContentAsync(), Does.Not.Contain(key));

        var row = page.Locator("tr[data-key='from-the-panel']");
        await PanelBrowser.ConfirmAsync(row, "Revoke");
        await Assertions.Expect(page.Locator("tr[data-key='from-the-panel']")).ToHaveCountAsync(0);
        Assert.That((await client.GetAsync("/v1/events")).StatusCode, Is.EqualTo(System.Net.HttpStatusCode.Unauthorized), "revoked at once");
        var actions = (await tenant.Client.GetFromJsonAsync<JsonElement>("/v1/audit-log?limit=1000")).GetProperty("data").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.That(actions, Is.SupersetOf(new[] { "POST /v1/api-keys", "DELETE /v1/api-keys/{id}" }));
    }

    [Test]
    public async Task AnOwnerErasesAfterTypingTheConfirmationAndDownloadsAnExportWhileAnAdminCannot()
    {
        using var tenant = await Factory.CreateTenantAsync();
        var domain = $"priv-{Guid.NewGuid():N}"[..16] + ".test";
        await SendGatewayFactory.AddDomainAsync(tenant, domain);
        var person = $"erase-me-{Guid.NewGuid():N}@mx-ok.test";
        var sent = await tenant.SendAsync(new { from = new { email = $"news@{domain}" }, to = new[] { new { email = person } }, subject = "Hi", text = "Hi" });
        Assert.That(sent.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.Accepted)); // queued: this factory delivers nothing

        var admin = await SignedInAsync(tenant.Id, PanelRoles.Admin);
        await Assertions.Expect(admin.GetByRole(AriaRole.Link, new() { Name = "Privacy" })).ToHaveCountAsync(0);
        await admin.GotoAsync("/panel/privacy");
        await Assertions.Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "Not allowed" })).ToBeVisibleAsync();

        var page = await SignedInAsync(tenant.Id, PanelRoles.Owner);
        await page.GetByRole(AriaRole.Link, new() { Name = "Privacy" }).ClickAsync();
        var download = await page.RunAndWaitForDownloadAsync(async () =>
        {
            await page.GetByLabel("Address", new() { Exact = true }).FillAsync(person);
            await page.GetByRole(AriaRole.Button, new() { Name = "Download JSON" }).ClickAsync();
        });
        var exported = JsonDocument.Parse(await File.ReadAllTextAsync((await download.PathAsync())!)).RootElement;
        Assert.That(exported.GetProperty("email").GetString(), Is.EqualTo(person));

        await page.GetByLabel("Addresses (one per line, up to 1000)").FillAsync(person);
        await page.GetByLabel("Type ERASE to confirm").FillAsync("erase please");
        await page.GetByRole(AriaRole.Button, new() { Name = "Erase" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("nothing was erased");
        await page.GetByLabel("Addresses (one per line, up to 1000)").FillAsync(person);
        await page.GetByLabel("Type ERASE to confirm").FillAsync("ERASE");
        await page.GetByRole(AriaRole.Button, new() { Name = "Erase" }).ClickAsync();
        await Assertions.Expect(page.Locator("#erasure-result")).ToContainTextAsync("queued entries: 1");
        await PanelBrowser.CheckAsync(page, "privacy");
        var actions = (await tenant.Client.GetFromJsonAsync<JsonElement>("/v1/audit-log?limit=1000")).GetProperty("data").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.That(actions, Is.SupersetOf(new[] { "POST /v1/privacy/erasures", "read GET /v1/privacy/export" }));
    }

    [Test]
    public async Task ADeveloperAddsRemovesAndExportsSuppressionsWhileAViewerOnlyReads()
    {
        using var tenant = await Factory.CreateTenantAsync();
        var person = $"stop-{Guid.NewGuid():N}@people.test";
        var page = await SignedInAsync(tenant.Id, PanelRoles.Developer);
        await page.GetByRole(AriaRole.Link, new() { Name = "Suppressions" }).ClickAsync();
        await page.GetByLabel("Addresses or @domains (one per line, up to 1000)").FillAsync($"{person}\n@blocked-domain.test");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add suppressions" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Added 2.");
        await Assertions.Expect(page.Locator("tr[data-suppression]")).ToHaveCountAsync(2);
        Assert.That((await tenant.Client.GetAsync($"/v1/suppressions/{Uri.EscapeDataString(person)}")).StatusCode, Is.EqualTo(System.Net.HttpStatusCode.OK));
        await PanelBrowser.CheckAsync(page, "suppressions");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Export every entry as CSV" }).ClickAsync());
        Assert.That(await File.ReadAllTextAsync((await download.PathAsync())!), Does.Contain("@blocked-domain.test").And.Contain(person));

        var viewer = await SignedInAsync(tenant.Id, PanelRoles.Viewer);
        await viewer.GotoAsync("/panel/suppressions");
        await Assertions.Expect(viewer.Locator("tr[data-suppression]")).ToHaveCountAsync(2);
        await Assertions.Expect(viewer.GetByRole(AriaRole.Button, new() { Name = "Remove" })).ToHaveCountAsync(0);
        await Assertions.Expect(viewer.GetByRole(AriaRole.Button, new() { Name = "Add suppressions" })).ToHaveCountAsync(0);

        await PanelBrowser.ConfirmAsync(page.Locator($"tr[data-suppression='{person}']"), "Remove");
        await Assertions.Expect(page.Locator("tr[data-suppression]")).ToHaveCountAsync(1);
        Assert.That((await tenant.Client.GetAsync($"/v1/suppressions/{Uri.EscapeDataString(person)}")).StatusCode, Is.EqualTo(System.Net.HttpStatusCode.NotFound));
        var actions = (await tenant.Client.GetFromJsonAsync<JsonElement>("/v1/audit-log?limit=1000")).GetProperty("data").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.That(actions, Is.SupersetOf(new[] { "POST /v1/suppressions", "DELETE /v1/suppressions/{email}", "read GET /v1/suppressions/export" }));
    }

    [Test]
    public async Task ADeveloperAddsAnEndpointSendsATestThatVerifiesAndSeesItInTheDeliveryLog()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var tenant = await Factory.CreateTenantAsync();
        var page = await SignedInAsync(tenant.Id, PanelRoles.Developer);
        await page.GetByRole(AriaRole.Link, new() { Name = "Webhooks" }).ClickAsync();
        await page.GetByLabel("URL").FillAsync(receiver.UrlFor("panel"));
        await page.GetByLabel("Events per request (batch size)").FillAsync("10");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add endpoint" }).ClickAsync();
        var secret = (await page.Locator("#new-secret").InnerTextAsync()).Trim();
        Assert.That(secret, Does.StartWith("whsec_"));
        await receiver.ConfigureAsync("panel", secret, 200);

        var card = page.Locator($"section[data-webhook='{receiver.UrlFor("panel")}']");
        await card.GetByRole(AriaRole.Button, new() { Name = "Send test" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Last).ToContainTextAsync("Test delivered: 200");
        await Assertions.Expect(page.Locator($"section[data-webhook='{receiver.UrlFor("panel")}'] tr[data-delivery='200']")).ToHaveCountAsync(1);
        Assert.That((await receiver.ReceivedAsync("panel")).Single().Verified, Is.True, "signed with the secret shown once");
        await PanelBrowser.CheckAsync(page, "webhooks");

        var viewer = await SignedInAsync(tenant.Id, PanelRoles.Viewer);
        await viewer.GotoAsync("/panel/webhooks");
        await Assertions.Expect(viewer.GetByRole(AriaRole.Button, new() { Name = "Send test" })).ToHaveCountAsync(0);
        Assert.That(await viewer.ContentAsync(), Does.Not.Contain(secret));

        await PanelBrowser.ConfirmAsync(page.Locator($"section[data-webhook='{receiver.UrlFor("panel")}']"), "Remove endpoint");
        await Assertions.Expect(page.Locator("section[data-webhook]")).ToHaveCountAsync(0);
        var actions = (await tenant.Client.GetFromJsonAsync<JsonElement>("/v1/audit-log?limit=1000")).GetProperty("data").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.That(actions, Is.SupersetOf(new[] { "POST /v1/webhooks", "POST /v1/webhooks/{id}/test", "DELETE /v1/webhooks/{id}" }));
    }
}
