using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.Server.Users;

namespace SendGateway.IntegrationTests.Panel;

/// <summary>
/// Issue 39: one confirmation for every destructive action, without script: an "I understand: …" tick-box inside the
/// action's own form, required by the browser and checked again by the page; every form keeps its antiforgery token.
/// </summary>
[TestFixture]
public sealed class PanelConfirmationTests : PanelPageFixture
{
    [Test]
    public async Task EveryDestructiveFormAsksTheSameRequiredConfirmation()
    {
        using var tenant = await Factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, "confirm-panel.test");
        (await tenant.Client.PostAsJsonAsync("/v1/suppressions", new { suppressions = new[] { new { email = "gone@confirm-panel.test", reason = "manual" } } })).EnsureSuccessStatusCode();
        (await tenant.Client.PostAsJsonAsync("/v1/templates", new { id = "note", name = "Note", subject = "Hi", html = "<p>Hi</p>" })).EnsureSuccessStatusCode();
        (await tenant.Client.PostAsJsonAsync("/v1/webhooks", new { url = "https://hooks.confirm-panel.test/in" })).EnsureSuccessStatusCode();
        (await tenant.Client.PostAsJsonAsync("/v1/smtp-credentials", new { name = "confirm-app" })).EnsureSuccessStatusCode();
        (await tenant.Client.PostAsJsonAsync("/v1/streams", new { id = "confirm-news", name = "News", kind = "broadcast" })).EnsureSuccessStatusCode();
        await Factory.Services.GetRequiredService<UserAccounts>().CreateAsync(tenant.Id, $"other-{Guid.NewGuid():N}@people.test", PanelRoles.Viewer, null, true, CancellationToken.None);
        var owner = await SignedInAsync(tenant.Id, PanelRoles.Owner);

        foreach (var path in new[] { "/panel/keys", "/panel/smtp", "/panel/streams", "/panel/domains", "/panel/webhooks", "/panel/suppressions", "/panel/templates/note", "/panel/users" })
        {
            await owner.GotoAsync(path);
            var destructive = owner.Locator("main form:has(button.danger)");
            Assert.That(await destructive.CountAsync(), Is.GreaterThan(0), $"{path} shows a destructive action");
            await Assertions.Expect(owner.Locator("main form:has(button.danger):not(:has(input[type=checkbox][name=confirm][required]))")).ToHaveCountAsync(0);
            Assert.That(await owner.Locator("main form:has(button.danger) label.confirm").AllInnerTextsAsync(), Has.All.StartWith("I understand: "), path);
            await Assertions.Expect(owner.Locator("form[method=post]:not(:has(input[name=__RequestVerificationToken]))")).ToHaveCountAsync(0);
        }
    }

    [Test]
    public async Task ASuppressionIsRemovedOnlyOnceConfirmedInTheBrowserAndOnTheServer()
    {
        using var tenant = await Factory.CreateTenantAsync();
        const string person = "keep-me@confirm-panel.test";
        (await tenant.Client.PostAsJsonAsync("/v1/suppressions", new { suppressions = new[] { new { email = person, reason = "manual" } } })).EnsureSuccessStatusCode();
        var page = await SignedInAsync(tenant.Id, PanelRoles.Developer);
        await page.GotoAsync("/panel/suppressions");
        var form = page.Locator($"tr[data-suppression='{person}'] form");
        Assert.That(await form.EvaluateAsync<bool>("f => f.checkValidity()"), Is.False, "the browser does not send it unticked");

        await form.EvaluateAsync("f => f.noValidate = true"); // as a client that skips the browser's check
        await form.GetByRole(AriaRole.Button, new() { Name = "Remove" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Tick \"I understand\" first: nothing was changed.");
        Assert.That((await tenant.Client.GetAsync($"/v1/suppressions/{Uri.EscapeDataString(person)}")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        await PanelBrowser.ConfirmAsync(page.Locator($"tr[data-suppression='{person}']"), "Remove");
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"{person} removed");
        Assert.That((await tenant.Client.GetAsync($"/v1/suppressions/{Uri.EscapeDataString(person)}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        await PanelBrowser.CheckAsync(page, "suppression-removed");
    }
}
