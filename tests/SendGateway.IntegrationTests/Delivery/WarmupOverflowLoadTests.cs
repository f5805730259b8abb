using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Delivery;

/// <summary>
/// Warm-up that overflows, under load: a day-1 source stays within its allowance for a provider (two recipient domains
/// in one provider group share it) while the pool's warmed source takes the rest, and queue time (accepted to delivered)
/// stays under five minutes at p99. The figures are written to the test log (docs/performance/measurements.md).
/// </summary>
[TestFixture]
public sealed class WarmupOverflowLoadTests
{
    private const int Messages = 1000;
    private const int DayOneAllowance = 40;

    [Test]
    public async Task ADayOneSourceStaysUnderItsProviderCapWhileQueueTimeP99StaysUnderFiveMinutes()
    {
        await using var factory = new SendGatewayFactory("api,delivery,events", new Dictionary<string, string?>
        {
            ["SendGateway:Delivery:Shaping:ProviderGroups:loadgroup:0"] = "mx-ok.test",
            ["SendGateway:Delivery:Shaping:ProviderGroups:loadgroup:1"] = "backup.test",
        });
        using var admin = factory.CreateAdminClient();
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd");
        var created = await admin.PostAsJsonAsync("/v1/admin/ip-pools", new
        {
            name = "overflow",
            sources = new object[]
            {
                new { address = "127.0.0.2", ehlo_name = "new.mta.sendgateway.test", weight = 1000, warmup = new { start = today, daily = new[] { DayOneAllowance, 400 } } },
                new { address = "127.0.0.3", ehlo_name = "old.mta.sendgateway.test", weight = 1 },
            },
        });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        using var tenant = await factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, "overflow-acme.test");
        (await admin.PatchAsJsonAsync($"/v1/admin/tenants/{tenant.Id}", new { default_ip_pool = "overflow" })).EnsureSuccessStatusCode();

        var run = Guid.NewGuid().ToString("N")[..8];
        var recipients = Enumerable.Range(0, Messages).Select(i => $"load{i}-{run}@{(i % 2 == 0 ? "mx-ok.test" : "backup.test")}").ToList();
        foreach (var batch in recipients.Chunk(100))
        {
            var response = await tenant.SendAsync(new
            {
                from = new { email = "a@overflow-acme.test" }, to = batch.Select(r => new { email = r }).ToArray(), subject = "load", text = "t",
            });
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        }

        var delivered = await Polling.UntilAsync(() => Task.FromResult(recipients.Count(r => Received(r).Any())), n => n == Messages, TimeSpan.FromMinutes(5));
        Assert.That(delivered, Is.EqualTo(Messages), "every message delivered");

        var fromDayOne = recipients.Count(r => Received(r).Any(m => IPAddress.Parse("127.0.0.2").Equals(m.Client)));
        Assert.That(fromDayOne, Is.LessThanOrEqualTo(DayOneAllowance), "the day-1 source stays within today's allowance for the provider");
        Assert.That(fromDayOne, Is.EqualTo(DayOneAllowance), "weighted 1000:1, the day-1 source takes its whole allowance before the overflow");

        var accepted = await TimesAsync(tenant, "injected");
        var done = await Polling.UntilAsync(() => TimesAsync(tenant, "ok"), t => t.Count == Messages, TimeSpan.FromMinutes(2));
        var queueTimes = done.Select(d => (d.Value - accepted[d.Key]).TotalSeconds).Order().ToList();
        var p99 = queueTimes[(int)Math.Ceiling(queueTimes.Count * 0.99) - 1];
        TestContext.Out.WriteLine($"warm-up overflow: {Messages} messages, day-1 source {fromDayOne}, warmed source {Messages - fromDayOne}; queue time p50 {queueTimes[queueTimes.Count / 2]:F2} s, p99 {p99:F2} s, max {queueTimes[^1]:F2} s");
        Assert.That(p99, Is.LessThan(300), "queue time p99 under five minutes");
    }

    private static IEnumerable<ReceivedMessage> Received(string recipient) => TestEnvironment.Mx1.For(recipient).Concat(TestEnvironment.Mx2.For(recipient));

    /// <summary>Each message's event of <paramref name="type"/> and its time, through the events API's cursor pages.</summary>
    private static async Task<Dictionary<string, DateTimeOffset>> TimesAsync(TestTenant tenant, string type)
    {
        var times = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        string? cursor = null;
        do
        {
            var page = await tenant.Client.GetFromJsonAsync<JsonElement>($"/v1/events?type={type}&limit=1000{(cursor is null ? "" : $"&cursor={cursor}")}");
            foreach (var e in page.GetProperty("data").EnumerateArray())
            {
                times[e.GetProperty("message_id").GetString()!] = e.GetProperty("timestamp").GetDateTimeOffset();
            }

            cursor = page.GetProperty("next_cursor").GetString();
        }
        while (cursor is not null);
        return times;
    }
}
