using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.Server.Users;

namespace SendGateway.IntegrationTests.Panel;

/// <summary>
/// The Webhooks page's replay and secret rotation (issue 18) with real deliveries: a batch that failed (the receiver
/// was down past the retry window) is replayed from its row, and a rotated secret is shown once and signs the next send;
/// a viewer sees an endpoint's URL masked (issue 32 §7).
/// </summary>
[TestFixture]
public sealed class PanelWebhookTests() : PanelPageFixture("api,relay,delivery,events", new Dictionary<string, string?> { ["SendGateway:Webhooks:MaxRetryAge"] = "00:00:01" })
{
    [Test]
    public async Task ADeveloperReplaysAFailedBatchFromItsRowAndRotatesTheSecret()
    {
        const string domain = "hooks-panel.test";
        await using var receiver = await WebhookReceiver.StartAsync();
        using var tenant = await Factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, domain);
        var page = await SignedInAsync(tenant.Id, PanelRoles.Developer);
        await page.GotoAsync("/panel/webhooks");
        await page.GetByLabel("URL").FillAsync(receiver.UrlFor("down"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Add endpoint" }).ClickAsync();
        var secret = (await page.Locator("#new-secret").InnerTextAsync()).Trim();
        await receiver.ConfigureAsync("down", secret, 503);

        var send = await tenant.SendAsync(new { from = new { email = $"news@{domain}" }, to = new[] { new { email = $"ok+{Guid.NewGuid():N}@simulator.sendgateway.test" } }, subject = "Hi", text = "Hello" });
        var message = (await send.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;
        await tenant.WaitForStatusAsync(message, "ok");
        var batch = await FailedWebhookBatch.WaitAsync(Factory, tenant.Id);
        var (failed, _) = await FailedWebhookBatch.SettledAsync(Factory, tenant.Id); // the message's events may make more than one batch

        await receiver.ConfigureAsync("down", secret, 204);
        await page.GotoAsync("/panel/webhooks");
        await PanelBrowser.CheckAsync(page, "webhooks-failed");
        await page.GetByRole(AriaRole.Button, new() { Name = $"Replay batch {batch}" }).First.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("1 batch goes out again now, with the same webhook-id and body.");
        var replayed = await Polling.UntilAsync(async () => (await receiver.ReceivedAsync("down")).Count(r => r.WebhookId == batch && r.Status == 204 && r.Verified), n => n >= 1, TimeSpan.FromSeconds(30));
        Assert.That(replayed, Is.EqualTo(1), "the replayed batch arrived once, signed");

        await page.Locator("input[type=datetime-local]").FillAsync(DateTime.UtcNow.AddMinutes(-10).ToString("yyyy-MM-ddTHH:mm"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Replay", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync(failed switch
        {
            1 => "Nothing to replay: the batches are delivered or still being retried.",
            2 => "1 batch goes out again now, with the same webhook-id and body.",
            _ => $"{failed - 1} batches go out again now, with the same webhook-id and body.",
        });

        await PanelBrowser.ConfirmAsync(page.Locator("section[data-webhook]"), "Rotate secret");
        var rotated = (await page.Locator("#rotated-secret").InnerTextAsync()).Trim();
        Assert.That(rotated, Does.StartWith("whsec_").And.Not.EqualTo(secret));
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("previous secret too until");
        await PanelBrowser.CheckAsync(page, "webhooks-rotated");
        await receiver.ConfigureAsync("down", rotated, 204);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send test" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Last).ToContainTextAsync("Test delivered: 204");

        var actions = (await tenant.Client.GetFromJsonAsync<JsonElement>("/v1/audit-log?limit=1000")).GetProperty("data").EnumerateArray()
            .Where(e => e.GetProperty("actor").GetString()!.StartsWith("user:", StringComparison.Ordinal)).Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.That(actions, Is.SupersetOf(new[] { "POST /v1/webhooks/{id}/replay", "POST /v1/webhooks/{id}/rotate-secret" }));
    }

    [Test]
    public async Task AViewerSeesWebhookUrlsMaskedToSchemeAndHostWhileADeveloperSeesThemWhole()
    {
        using var tenant = await Factory.CreateTenantAsync();
        const string url = "https://hooks.viewer-mask.test:8443/in/tok_5ecret?key=abc123";
        var created = await tenant.Client.PostAsJsonAsync("/v1/webhooks", new { url });
        Assert.That(created.IsSuccessStatusCode, Is.True, await created.Content.ReadAsStringAsync());

        var viewer = await SignedInAsync(tenant.Id, PanelRoles.Viewer);
        await viewer.GotoAsync("/panel/webhooks");
        await Assertions.Expect(viewer.Locator("section[data-webhook] h2")).ToHaveTextAsync("https://hooks.viewer-mask.test:8443/…");
        var html = await viewer.ContentAsync();
        Assert.That(html, Does.Not.Contain("tok_5ecret").And.Not.Contain("abc123"), "neither the path nor the query, in text or attributes");
        await Assertions.Expect(viewer.GetByRole(AriaRole.Button, new() { Name = "Send test" })).ToHaveCountAsync(0);

        var developer = await SignedInAsync(tenant.Id, PanelRoles.Developer);
        await developer.GotoAsync("/panel/webhooks");
        await Assertions.Expect(developer.Locator("section[data-webhook] h2")).ToHaveTextAsync(url);
    }
}
