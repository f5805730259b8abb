using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SendGateway.Server.Audit;
using SendGateway.Server.Delivery.Shaping.Actions;
using SendGateway.Server.Users;

namespace SendGateway.IntegrationTests.Panel;

/// <summary>
/// The console's Shaping page: a shaping action in effect (as a provider's reply starts it, stored in the real Redis) is
/// listed with its provider, source address, rule and triggering reply, and its Cancel button ends it, audited.
/// </summary>
[TestFixture]
public sealed class PanelShapingActionsTests : PanelPageFixture
{
    [Test]
    public async Task AnOperatorSeesAnActionWithItsReplyAndCancelsIt()
    {
        var provider = $"p{Guid.NewGuid():N}"[..12];
        var now = DateTimeOffset.UtcNow;
        var reply = new ShapingActionReply(421, "4.7.0", "[TSS04] Messages from 192.0.2.11 temporarily deferred", "mta5.am0.yahoodns.net");
        var (_, action) = await Factory.Services.GetRequiredService<ShapingActionStore>().StartAsync(
            new ShapingAction($"sha_{Guid.NewGuid():N}", provider, "192.0.2.11", "yahoo-tss04", ShapingActionKind.Suspend, null, reply, now, now.AddHours(1)), 100, CancellationToken.None);
        Assert.That(action, Is.Not.Null);

        var page = await SignedInAsync(null, PanelRoles.Operator);
        await page.GetByRole(AriaRole.Link, new() { Name = "Shaping" }).ClickAsync();
        var row = page.Locator($"tr[data-action='{action!.Id}']");
        await Assertions.Expect(row.Locator("td").Nth(0)).ToHaveTextAsync(provider);
        await Assertions.Expect(row.Locator("td").Nth(1)).ToHaveTextAsync("192.0.2.11");
        await Assertions.Expect(row.Locator("td").Nth(2)).ToHaveTextAsync("suspend");
        await Assertions.Expect(row.Locator("td").Nth(3)).ToHaveTextAsync("yahoo-tss04");
        await Assertions.Expect(row.Locator("td").Nth(4)).ToContainTextAsync("421 4.7.0");
        await Assertions.Expect(row.Locator("td").Nth(4)).ToContainTextAsync("[TSS04] Messages from 192.0.2.11");
        await Assertions.Expect(page.Locator("#rules-version")).Not.ToBeEmptyAsync();
        await PanelBrowser.CheckAsync(page, "operator-shaping");

        await row.GetByRole(AriaRole.Button, new() { Name = $"Cancel the suspend of 192.0.2.11 towards {provider}" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Cancelled the suspend of 192.0.2.11 towards {provider}");
        await Assertions.Expect(page.Locator($"tr[data-action='{action.Id}']")).ToHaveCountAsync(0);
        var listed = await Factory.Services.GetRequiredService<RedisShapingActions>().ListAsync(provider, CancellationToken.None);
        Assert.That(listed, Is.Empty, "cancelled in Redis");
        var log = await Factory.Services.GetRequiredService<AuditStore>().ListAsync("_operators", null, 1000, CancellationToken.None);
        Assert.That(log.Any(e => e.Action == "DELETE /v1/admin/shaping/actions/{id}" && e.Target == $"id={action.Id}"), Is.True, "the cancellation is audited as the API's DELETE");
    }
}
