using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using SendGateway.Server.Users;

namespace SendGateway.IntegrationTests.Panel;

/// <summary>
/// The reputation guard in the panel: a paused tenant's people see a notice on every page; operators see the banner on
/// every console page, the paused state apart from suspended on the Tenants page, and resume the tenant from the
/// Reputation page (recorded in the tenant's audit log).
/// </summary>
[TestFixture]
public sealed class ReputationPanelTests : PanelPageFixture
{
    [Test]
    public async Task APausedTenantsPeopleSeeANoticeAndAnOperatorSeesTheBannerAndResumesItFromTheConsole()
    {
        using var tenant = await Factory.CreateTenantAsync();
        using var admin = Factory.CreateAdminClient();
        using var pause = await admin.PostAsync($"/v1/admin/tenants/{tenant.Id}/pause", null);
        Assert.That(pause.StatusCode, Is.EqualTo(HttpStatusCode.OK), await pause.Content.ReadAsStringAsync());

        var own = await SignedInAsync(tenant.Id, PanelRoles.Admin);
        await own.GotoAsync("/panel/domains");
        await Assertions.Expect(own.Locator("[data-reputation]")).ToContainTextAsync("Sending is paused");
        await Assertions.Expect(own.Locator("[data-suspended]")).ToHaveCountAsync(0);

        var page = await SignedInAsync(null, PanelRoles.Operator);
        await page.GotoAsync("/panel/operator/queues");
        await Assertions.Expect(page.Locator("[data-operator-banner]")).ToContainTextAsync("paused");
        await page.GotoAsync("/panel/operator/tenants");
        var row = page.Locator($"tr:has(code:text-is('{tenant.Id}'))");
        await Assertions.Expect(row.Locator("[data-state]")).ToHaveAttributeAsync("data-state", "paused");
        await Assertions.Expect(row.Locator("[data-paused]")).ToContainTextAsync("operator");

        await page.GotoAsync("/panel/operator/reputation");
        await page.Locator($"tr[data-tenant='{tenant.Id}']").GetByRole(AriaRole.Button).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("resumed");
        var stored = await admin.GetFromJsonAsync<JsonElement>($"/v1/admin/tenants/{tenant.Id}");
        Assert.That(stored.GetProperty("paused").GetBoolean(), Is.False);
        var audit = await tenant.Client.GetFromJsonAsync<JsonElement>("/v1/audit-log");
        Assert.That(audit.GetProperty("data").EnumerateArray().Any(e => e.GetProperty("action").GetString() == "POST /v1/admin/tenants/{id}/resume"
            && e.GetProperty("actor").GetString()!.StartsWith("user:", StringComparison.Ordinal)), Is.True, "in the tenant's own log, by the person");

        await own.GotoAsync("/panel/domains");
        await Assertions.Expect(own.Locator("[data-reputation]")).ToHaveCountAsync(0);
    }
}
