using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.Server.Users;
using StackExchange.Redis;

namespace SendGateway.IntegrationTests.Panel;

/// <summary>
/// The operator console (issue 18): an operator creates a tenant whose first key works, suspends it and sets its quotas
/// through the API's checks (recorded in that tenant's audit log), sees the queue per shard and per destination, and
/// replays and discards dead letters; a tenant's admin cannot open any of it.
/// </summary>
[TestFixture]
public sealed class PanelOperatorTests : PanelPageFixture
{
    [Test]
    public async Task AnOperatorCreatesSuspendsAndLimitsATenantWithTheApisChecksWhileATenantAdminIsRefused()
    {
        var page = await SignedInAsync(null, PanelRoles.Operator);
        await Assertions.Expect(page).ToHaveURLAsync($"{Origin}/panel/operator/tenants");
        await page.GetByLabel("Name").FillAsync($"acme-{Guid.NewGuid():N}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create tenant" }).ClickAsync();
        var tenantId = (await page.Locator("#new-tenant").InnerTextAsync()).Trim();
        var key = (await page.Locator("#new-tenant-key").InnerTextAsync()).Trim();
        using var client = new HttpClient { BaseAddress = new Uri(Origin) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        Assert.That((await client.GetAsync("/v1/events")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "the first key works");
        await PanelBrowser.CheckAsync(page, "operator-tenants");

        await page.Locator($"#allowed-{tenantId}").FillAsync("no-such-pool");
        await page.Locator($"tr:has(#suspended-{tenantId})").GetByRole(AriaRole.Button).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("No IP pool named 'no-such-pool'.");

        await page.Locator($"#allowed-{tenantId}").FillAsync(string.Empty);
        await page.Locator($"#hourly-{tenantId}").FillAsync("10");
        var save = page.Locator($"tr:has(#suspended-{tenantId})").GetByRole(AriaRole.Button);
        await save.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^acme-.* saved\\.$"));
        var audit = await client.GetFromJsonAsync<JsonElement>("/v1/audit-log");
        Assert.That(audit.GetProperty("data").EnumerateArray().Any(e => e.GetProperty("action").GetString() == "PATCH /v1/admin/tenants/{id}"
            && e.GetProperty("actor").GetString()!.StartsWith("user:", StringComparison.Ordinal)), Is.True, "in the tenant's own log, by the person");

        await page.Locator($"#suspended-{tenantId}").CheckAsync();
        await save.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("suspended, its sends are refused");
        using var admin = Factory.CreateAdminClient();
        var stored = await admin.GetFromJsonAsync<JsonElement>($"/v1/admin/tenants/{tenantId}");
        Assert.That(stored.GetProperty("suspended").GetBoolean(), Is.True);
        Assert.That(stored.GetProperty("hourly_quota").GetInt32(), Is.EqualTo(10));

        using var tenant = await Factory.CreateTenantAsync();
        var tenantAdmin = await SignedInAsync(tenant.Id, PanelRoles.Admin);
        await tenantAdmin.GotoAsync("/panel/operator/tenants");
        await Assertions.Expect(tenantAdmin.GetByRole(AriaRole.Heading, new() { Name = "Not allowed" })).ToBeVisibleAsync();
        await tenantAdmin.GotoAsync("/panel/operator/queues");
        await Assertions.Expect(tenantAdmin.GetByRole(AriaRole.Heading, new() { Name = "Not allowed" })).ToBeVisibleAsync();
    }

    [Test]
    public async Task AnOperatorSeesTheQueueAndReplaysAndDiscardsDeadLetters()
    {
        using var tenant = await Factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, "console.test");
        var send = await tenant.SendAsync(new { from = new { email = "a@console.test" }, to = new[] { new { email = $"parked-{Guid.NewGuid():N}@mx-ok.test" } }, subject = "s", text = "t" });
        var message = (await send.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;

        // No delivery role runs here: the message waits in its shard. An earlier fault moves it to the dead letters.
        using var redis = await ConnectionMultiplexer.ConnectAsync(Factory.RedisConnectionString);
        var db = redis.GetDatabase();
        var shard = SendGateway.Server.Queue.QueueKeys.ShardOf("mx-ok.test", 4);
        var entry = (await db.StreamRangeAsync($"sg:q:{{s{shard}}}", "-", "+")).Single(e => ((string)e["e"]!).Contains(message, StringComparison.Ordinal));
        var parked = await db.StreamAddAsync($"sg:dead:{{s{shard}}}", [new("dl:source", "queue"), new("dl:stream_id", entry.Id), new("dl:reason", "test"), new("dl:at", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()), .. entry.Values]);
        await db.StreamDeleteAsync($"sg:q:{{s{shard}}}", [entry.Id]);
        var garbage = await db.StreamAddAsync($"sg:dead:{{s{shard}}}", [new("dl:source", "queue"), new("dl:stream_id", "0-1"), new("dl:reason", "undecodable"), new("dl:at", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()), new("e", "{not json")]);

        var page = await SignedInAsync(null, PanelRoles.Operator);
        await page.GetByRole(AriaRole.Link, new() { Name = "Queues" }).ClickAsync();
        await Assertions.Expect(page.Locator("tr[data-shard]")).ToHaveCountAsync(4);
        await Assertions.Expect(page.Locator("tr[data-dead-letter]")).ToHaveCountAsync(2);
        Assert.That(await page.ContentAsync(), Does.Not.Contain("{not json").And.Not.Contain(message), "a dead letter's content is not shown");
        await PanelBrowser.CheckAsync(page, "operator-queues");

        await page.GetByRole(AriaRole.Button, new() { Name = $"Replay dead letter {parked}" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Replayed onto the queue stream of shard {shard}");
        Assert.That((await db.StreamRangeAsync($"sg:q:{{s{shard}}}", "-", "+")).Any(e => ((string)e["e"]!).Contains(message, StringComparison.Ordinal)), Is.True, "back in its shard");
        await Assertions.Expect(page.Locator("tr[data-destination='mx-ok.test']")).ToHaveCountAsync(1);

        var row = page.Locator($"tr[data-dead-letter='{garbage}']");
        await PanelBrowser.ConfirmAsync(row, $"Discard dead letter {garbage}");
        await Assertions.Expect(page.Locator("tr[data-dead-letter]")).ToHaveCountAsync(0);
        var operatorLog = await Factory.Services.GetRequiredService<SendGateway.Server.Audit.AuditStore>().ListAsync("_operators", null, 1000, CancellationToken.None);
        Assert.That(operatorLog.Select(e => e.Action), Is.SupersetOf(new[] { "POST /v1/admin/dead-letters/{shard:int}/{id}/replay", "DELETE /v1/admin/dead-letters/{shard:int}/{id}" }));
    }

    [Test]
    public async Task AnOperatorSeesEachSourcesWarmUpPlanAndTodaysAttemptsPerProvider()
    {
        var pool = $"console-{Guid.NewGuid():N}"[..20];
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd");
        using var admin = Factory.CreateAdminClient();
        (await admin.PostAsJsonAsync("/v1/admin/ip-pools", new
        {
            name = pool,
            sources = new[] { new { address = "127.0.0.2", ehlo_name = "warm.mta.sendgateway.test", weight = 1, warmup = new { start = today, daily = new[] { 5, 50 } } } },
        })).EnsureSuccessStatusCode();
        using var tenant = await Factory.CreateTenantAsync();
        var selector = Factory.Services.GetRequiredService<SendGateway.Server.IpPools.SourceSelector>();
        for (var i = 0; i < 3; i++)
        {
            await selector.ChooseAsync(tenant.Id, pool, "mx-ok.test", null, CancellationToken.None); // what delivery does per attempt
        }

        var page = await SignedInAsync(null, PanelRoles.Operator);
        await page.GetByRole(AriaRole.Link, new() { Name = "IP pools" }).ClickAsync();
        var source = page.Locator($"section[data-pool='{pool}'] tr[data-source='127.0.0.2']");
        await Assertions.Expect(source).ToContainTextAsync($"from {today}, 2 days: 5, 50");
        await Assertions.Expect(source.Locator("td").Nth(3)).ToHaveTextAsync("5");
        await Assertions.Expect(source.Locator("td").Nth(4)).ToContainTextAsync("mx-ok.test: 3");
        await PanelBrowser.CheckAsync(page, "operator-ip-pools");
    }
}
