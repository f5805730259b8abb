using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Delivery;

/// <summary>Warm-up plans (issue 4, item 2): a warming source sends no more than today's allowance; the rest overflows to warmed sources, or waits.</summary>
[TestFixture]
public sealed class WarmupTests
{
    [Test]
    public async Task AWarmingSourceStaysWithinItsAllowanceOverflowingToAWarmedOneOrWaiting()
    {
        await using var factory = new SendGatewayFactory("api,delivery,events");
        using var admin = factory.CreateAdminClient();
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd");
        var mixed = await admin.PostAsJsonAsync("/v1/admin/ip-pools", new
        {
            name = "warming",
            sources = new object[]
            {
                new { address = "127.0.0.2", ehlo_name = "new.mta.sendgateway.test", weight = 1000, warmup = new { start = today, daily = new[] { 1, 10, 100 } } },
                new { address = "127.0.0.3", ehlo_name = "old.mta.sendgateway.test", weight = 1 },
            },
        });
        Assert.That(mixed.StatusCode, Is.EqualTo(HttpStatusCode.Created), await mixed.Content.ReadAsStringAsync());
        (await admin.PostAsJsonAsync("/v1/admin/ip-pools", new
        {
            name = "cold", sources = new[] { new { address = "127.0.0.2", ehlo_name = "cold.mta.sendgateway.test", weight = 1, warmup = new { start = today, daily = new[] { 1 } } } },
        })).EnsureSuccessStatusCode();
        using var tenant = await factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, "warm-acme.test");
        (await admin.PatchAsJsonAsync($"/v1/admin/tenants/{tenant.Id}", new { default_ip_pool = "warming", allowed_ip_pools = new[] { "cold" } })).EnsureSuccessStatusCode();

        async Task<string> SendAsync(string to, string? pool = null)
        {
            var response = await tenant.SendAsync(new { from = new { email = "a@warm-acme.test" }, to = new[] { new { email = to } }, subject = "s", text = "t", ip_pool = pool });
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;
        }

        var recipients = Enumerable.Range(0, 4).Select(i => $"warm{i}-{Guid.NewGuid():N}@mx-ok.test").ToList();
        foreach (var rcpt in recipients)
        {
            await tenant.WaitForStatusAsync(await SendAsync(rcpt), "ok");
        }

        var clients = recipients.Select(r => TestEnvironment.Mx1.For(r).Concat(TestEnvironment.Mx2.For(r)).Single().Client).ToList();
        Assert.That(clients.Count(c => c!.Equals(IPAddress.Parse("127.0.0.2"))), Is.EqualTo(1), "day 0 of the plan allows one message to this provider");
        Assert.That(clients.Count(c => c!.Equals(IPAddress.Parse("127.0.0.3"))), Is.EqualTo(3), "the rest overflowed to the warmed source");

        var first = await SendAsync($"cold1-{Guid.NewGuid():N}@backup.test", "cold");
        await tenant.WaitForStatusAsync(first, "ok");
        var second = await SendAsync($"cold2-{Guid.NewGuid():N}@backup.test", "cold");
        // Positive signal: the worker took it up and put it back on the schedule for tomorrow's allowance.
        var scheduled = await Polling.UntilAsync(
            async () => (await admin.GetFromJsonAsync<JsonElement>("/v1/admin/queues")).GetProperty("domains").EnumerateArray()
                .Where(d => d.GetProperty("domain").GetString() == "backup.test").Sum(d => d.GetProperty("scheduled").GetInt64()),
            n => n >= 1, TimeSpan.FromSeconds(30));
        Assert.That(scheduled, Is.EqualTo(1), "held back on the schedule");
        var backup = (await admin.GetFromJsonAsync<JsonElement>("/v1/admin/queues")).GetProperty("domains").EnumerateArray()
            .Single(d => d.GetProperty("domain").GetString() == "backup.test");
        Assert.That(backup.GetProperty("held").GetProperty("warmup_limit").GetInt64(), Is.EqualTo(1), "the queue view says why it waits: no warmed source left");
        var waiting = await tenant.WaitForIngestedStatusAsync(second, "injected"); // recorded by the ingester (its only event)
        Assert.That(waiting.GetProperty("status").GetString(), Is.EqualTo("injected"), "no warmed source left: the message waits for tomorrow's allowance");
        Assert.That(waiting.GetProperty("events").GetArrayLength(), Is.EqualTo(1));
    }
}
