using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SendGateway.IntegrationTests.Panel;
using SendGateway.Server.Users;

namespace SendGateway.IntegrationTests.QueueControls;

/// <summary>
/// The console's queue controls page: an operator holds a domain with the form, is stopped from bouncing without the
/// "I understand" tick, bounces with it, and lifts the hold; each change is in the operators' audit log under the person.
/// </summary>
[TestFixture]
public sealed class QueueControlsConsoleTests : PanelPageFixture
{
    [Test]
    public async Task AnOperatorHoldsBouncesOnlyWhenSureAndLiftsFromTheConsole()
    {
        var page = await SignedInAsync(null, PanelRoles.Operator);
        await page.GetByRole(AriaRole.Link, new() { Name = "Queue controls" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Queue controls", Level = 1 })).ToBeVisibleAsync();

        await page.GetByLabel("Action").SelectOptionAsync("hold");
        await page.GetByLabel("Scope").SelectOptionAsync("domain");
        await page.GetByLabel("Tenant id, domain, pool or address").FillAsync("console-held.test");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create control" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("(hold by domain) is in effect");
        var held = page.Locator("tr[data-action='hold']");
        await Assertions.Expect(held).ToHaveCountAsync(1);

        await page.GetByLabel("Action").SelectOptionAsync("bounce");
        await page.GetByLabel("Scope").SelectOptionAsync("domain");
        await page.GetByLabel("Tenant id, domain, pool or address").FillAsync("console-bounced.test");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create control" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Tick \"I understand\" first: nothing was changed. A bounce drops");
        await Assertions.Expect(page.Locator("tr[data-action='bounce']")).ToHaveCountAsync(0);

        await page.GetByLabel("Action").SelectOptionAsync("bounce");
        await page.GetByLabel("Scope").SelectOptionAsync("domain");
        await page.GetByLabel("Tenant id, domain, pool or address").FillAsync("console-bounced.test");
        await page.GetByLabel("I understand: a bounce drops the queued mail for good").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create control" }).ClickAsync();
        await Assertions.Expect(page.Locator("tr[data-action='bounce']")).ToHaveCountAsync(1);
        await PanelBrowser.CheckAsync(page, "operator-queue-controls");

        var id = await held.GetAttributeAsync("data-control");
        await page.GetByRole(AriaRole.Button, new() { Name = $"Lift control {id}" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("lifted");
        await Assertions.Expect(page.Locator($"tr[data-control='{id}']")).ToContainTextAsync("lifted");

        using var admin = Factory.CreateAdminClient();
        var active = await admin.GetFromJsonAsync<JsonElement>("/v1/admin/queue-controls?active=true");
        Assert.That(active.GetProperty("data").EnumerateArray().Select(c => c.GetProperty("value").GetString()), Is.EqualTo(new[] { "console-bounced.test" }));
        var log = await Factory.Services.GetRequiredService<SendGateway.Server.Audit.AuditStore>().ListAsync("_operators", null, 1000, CancellationToken.None);
        var byPerson = log.Where(e => e.Actor.StartsWith("user:", StringComparison.Ordinal)).Select(e => e.Action).ToList();
        Assert.That(byPerson.Count(a => a == "POST /v1/admin/queue-controls"), Is.EqualTo(2), "two controls created");
        Assert.That(byPerson, Does.Contain("DELETE /v1/admin/queue-controls/{id}"));
    }
}
