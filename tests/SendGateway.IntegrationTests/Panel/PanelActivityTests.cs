using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.Server.Users;

namespace SendGateway.IntegrationTests.Panel;

/// <summary>
/// Activity by message (issue 39 §2) in chromium: one row per message with a status badge that says its word, the
/// subject linking to the message's page, stream, tags and opens/clicks; the search by subject words, recipient, stream
/// and status; the message page shows the subject. Screenshots at 1366 and 390 px.
/// </summary>
[TestFixture]
public sealed class PanelActivityTests() : PanelPageFixture("api,relay,delivery,events")
{
    [Test]
    public async Task ActivityListsMessagesWithBadgesAndSubjectsAndSearchesThem()
    {
        using var tenant = await Factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, "activity.test");
        var ada = $"ada-{Guid.NewGuid():N}@mx-ok.test";
        var reset = await SendAsync(tenant, new { from = new { email = "s@activity.test" }, to = new[] { new { email = ada } }, subject = "Password reset", text = "t", tags = new[] { "auth" } });
        var bounced = await SendAsync(tenant, new
        {
            from = new { email = "s@activity.test" }, to = new[] { new { email = $"nouser-{Guid.NewGuid():N}@mx-ok.test" } }, subject = "Weekly news", text = "t", stream = "broadcast",
        });
        await tenant.WaitForStatusAsync(reset, "ok");
        await tenant.WaitForStatusAsync(bounced, "hardbounce");

        var page = await SignedInAsync(tenant.Id, PanelRoles.Viewer);
        await page.GotoAsync("/panel/activity");
        var rows = page.Locator("tbody tr[data-message]");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await Assertions.Expect(rows.Nth(0)).ToHaveAttributeAsync("data-message", bounced); // newest first
        var resetRow = page.Locator($"tr[data-message='{reset}']");
        await Assertions.Expect(resetRow.Locator(".badge.good")).ToHaveTextAsync("Delivered");
        await Assertions.Expect(resetRow.Locator("td[data-label=Subject]")).ToHaveTextAsync("Password reset");
        await Assertions.Expect(resetRow.Locator("td[data-label=Stream]")).ToHaveTextAsync("transactional");
        await Assertions.Expect(resetRow.Locator("td[data-label=Tags]")).ToHaveTextAsync("auth");
        await Assertions.Expect(resetRow.Locator("td[data-label='Opens / clicks']")).ToHaveTextAsync("0 / 0");
        await Assertions.Expect(page.Locator($"tr[data-message='{bounced}'] .badge.bad")).ToHaveTextAsync("Bounced");
        await PanelBrowser.CheckAsync(page, "activity-messages");

        await page.GetByLabel("Subject words").FillAsync("week");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.Nth(0)).ToHaveAttributeAsync("data-message", bounced);

        await page.GetByLabel("Subject words").FillAsync(string.Empty);
        await page.GetByLabel("Stream").SelectOptionAsync("transactional");
        await page.GetByLabel("Status").SelectOptionAsync(new SelectOptionValue { Label = "Delivered" });
        await page.GetByLabel("Recipient").FillAsync(ada.ToUpperInvariant());
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.Nth(0)).ToHaveAttributeAsync("data-message", reset);

        await page.GetByLabel("Status").SelectOptionAsync(new SelectOptionValue { Label = "Bounced" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Assertions.Expect(page.GetByText("No messages match.")).ToBeVisibleAsync();

        await page.GotoAsync("/panel/activity?subject=%21%21");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("by words");

        await page.GotoAsync("/panel/activity");
        await page.GetByRole(AriaRole.Link, new() { Name = "Password reset" }).ClickAsync();
        await Assertions.Expect(page.Locator("dd[data-subject]")).ToHaveTextAsync("Password reset");
        await Assertions.Expect(page.Locator("dd[data-status=ok] .badge")).ToHaveTextAsync("Delivered");

        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync("/panel/activity");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        Assert.That(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), Is.True, "no sideways scrolling on a phone");
        await PanelBrowser.CheckAsync(page, "activity-messages-390");
    }

    private static async Task<string> SendAsync(TestTenant tenant, object message)
    {
        var response = await tenant.SendAsync(message);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;
    }
}
