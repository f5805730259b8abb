using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using SendGateway.Server.Users;

namespace SendGateway.IntegrationTests.Panel;

/// <summary>
/// reliability.md T107: reads of the audit log are audited too, in the panel as through the API: opening the panel's
/// audit-log page records <c>read GET /v1/audit-log</c> by the person who read it. A filter PostgreSQL cannot take
/// (a control character such as NUL) is refused with a notice.
/// </summary>
[TestFixture]
public sealed class PanelAuditReadTests : PanelPageFixture
{
    [Test]
    public async Task OpeningTheAuditLogPageIsRecordedAsAReadByThePerson()
    {
        using var tenant = await Factory.CreateTenantAsync();
        var page = await SignedInAsync(tenant.Id, PanelRoles.Admin);
        await page.GetByRole(AriaRole.Link, new() { Name = "Audit log" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-chain]")).ToHaveAttributeAsync("data-chain", "intact");

        var log = (await tenant.Client.GetFromJsonAsync<JsonElement>("/v1/audit-log?limit=1000")).GetProperty("data").EnumerateArray().ToList();
        var reads = log.Where(e => e.GetProperty("action").GetString() == "read GET /v1/audit-log" && e.GetProperty("actor").GetString()!.StartsWith("user:", StringComparison.Ordinal)).ToList();
        Assert.That(reads, Has.Count.EqualTo(1), "the page's read, by the signed-in person: " + string.Join("; ", log.Select(e => e.GetProperty("action").GetString())));
    }

    [Test]
    public async Task AFilterWithAControlCharacterIsRefusedWithANoticeNotAFailure()
    {
        using var tenant = await Factory.CreateTenantAsync();
        var page = await SignedInAsync(tenant.Id, PanelRoles.Admin);
        foreach (var query in new[] { "actor=%00", "action=a%01b" })
        {
            var answer = await page.GotoAsync($"/panel/audit?{query}");
            Assert.That(answer!.Status, Is.EqualTo(200), query);
            await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("The actor and action filters take plain text: remove the control characters.");
        }

        await PanelBrowser.CheckAsync(page, "audit-control-character");
    }
}
