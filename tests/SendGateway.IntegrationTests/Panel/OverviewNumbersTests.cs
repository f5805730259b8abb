using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Npgsql;
using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.Server.Users;

namespace SendGateway.IntegrationTests.Panel;

/// <summary>
/// Issue 39 §4, numbers that add up: a known mix of messages through the whole service (API, delivery to the scripted
/// test MX, ingestion, the tracking pixel) and every number the overview shows for it. Each message counts once, by
/// where it stands now; rates say what they are a rate of; a message scheduled for later is not waiting; the chart
/// draws the buckets that have data, one point each when there is one. Chosen a stream, every number counts only its
/// messages and their events, those from before streams (no stream stored) as transactional's.
/// </summary>
[TestFixture]
public sealed partial class OverviewNumbersTests() : PanelPageFixture("api,relay,delivery,events")
{
    private const string Tag = "mix";

    private static string Unique(string local) => $"{local}-{Guid.NewGuid():N}"[..(local.Length + 9)] + "@mx-ok.test";

    private static async Task<string> IdOfAsync(HttpResponseMessage response)
    {
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;
    }

    [Test]
    public async Task EveryNumberOfTheOverviewCountsEachMessageOnceByWhereItStandsNow()
    {
        using var tenant = await Factory.CreateTenantAsync();
        var domain = $"ovn-{Guid.NewGuid():N}"[..14] + ".test";
        await SendGatewayFactory.AddDomainAsync(tenant, domain);
        var gone = Unique("gone");
        (await tenant.Client.PostAsJsonAsync("/v1/suppressions", new { suppressions = new[] { new { email = gone, reason = "unsubscribe" } } })).EnsureSuccessStatusCode();

        Task<HttpResponseMessage> SendAsync(string rcpt) => tenant.SendAsync(new
        {
            from = new { email = $"news@{domain}" }, to = new[] { new { email = rcpt } }, subject = "Mix", html = "<p>Hello</p>",
            tracking = new { opens = true }, tags = new[] { Tag },
        });

        var delivered = await IdOfAsync(await SendAsync(Unique("ok")));
        var retried = await IdOfAsync(await SendAsync(Unique("tempfail-once"))); // 451 at the first attempt, then 250
        var bounced = await IdOfAsync(await SendAsync(Unique("nouser"))); // 550 5.1.1
        var dropped = await IdOfAsync(await SendAsync(gone)); // suppressed: dropped at accept
        var opener = Unique("opener");
        var opened = await IdOfAsync(await SendAsync(opener));
        var scheduled = await IdOfAsync(await tenant.SendAsync(new
        {
            from = new { email = $"news@{domain}" }, to = new[] { new { email = Unique("later") } }, subject = "Mix", html = "<p>Later</p>",
            tags = new[] { Tag }, send_at = DateTimeOffset.UtcNow.AddHours(2),
        }));

        await tenant.WaitForStatusAsync(delivered, "ok");
        var retriedView = await tenant.WaitForStatusAsync(retried, "ok");
        Assert.That(retriedView.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()), Is.EqualTo(new[] { "injected", "softbounce", "ok" }));
        await tenant.WaitForStatusAsync(bounced, "hardbounce");
        await tenant.WaitForIngestedStatusAsync(dropped, "dropped");
        await tenant.WaitForIngestedStatusAsync(scheduled, "injected");
        await tenant.WaitForStatusAsync(opened, "ok");
        var pixel = TrackedUrl().Match(TestEnvironment.Mx1.For(opener).Single().Parse().HtmlBody!).Groups[1].Value;
        using (var open = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{Factory.HttpPort}{new Uri(WebUtility.HtmlDecode(pixel)).PathAndQuery}"))
        using (var http = new HttpClient())
        {
            open.Headers.TryAddWithoutValidation("User-Agent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36");
            Assert.That((await http.SendAsync(open)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        var openedView = await tenant.WaitForStatusAsync(opened, "open");

        // The chart's buckets: from the first to the last hour or day that holds an acceptance or the open.
        var times = new List<DateTime> { openedView.GetProperty("events").EnumerateArray().Single(e => e.GetProperty("type").GetString() == "open").GetProperty("timestamp").GetDateTimeOffset().UtcDateTime };
        foreach (var id in new[] { delivered, retried, bounced, dropped, opened, scheduled })
        {
            times.Add((await tenant.Client.GetFromJsonAsync<JsonElement>($"/v1/messages/{id}")).GetProperty("accepted_at").GetDateTimeOffset().UtcDateTime);
        }

        var page = await SignedInAsync(tenant.Id, PanelRoles.Viewer);
        await ExpectTilesAsync(page);
        await ExpectRowAsync(page, "by-tag", Tag);
        await ExpectRowAsync(page, "by-domain", "mx-ok.test");
        await Assertions.Expect(page.Locator("[data-metric=ready]")).ToHaveTextAsync("0");
        await Assertions.Expect(page.Locator("[data-metric=retrying]")).ToHaveTextAsync("0");
        await Assertions.Expect(page.Locator("[data-metric=scheduled]")).ToHaveTextAsync("1");
        await Assertions.Expect(page.Locator("[data-metric=oldest]")).ToHaveTextAsync("—");
        await ExpectChartAsync(page, (times.Max().Date - times.Min().Date).Days + 1);
        await PanelBrowser.CheckAsync(page, "overview-numbers-7d");

        await page.GetByRole(AriaRole.Link, new() { Name = "24 hours" }).ClickAsync();
        await Assertions.Expect(page.Locator("svg.chart title")).ToHaveTextAsync("Sending over the last 24 hours");
        await ExpectTilesAsync(page);
        await ExpectChartAsync(page, (int)(Hour(times.Max()) - Hour(times.Min())).TotalHours + 1);
        await PanelBrowser.CheckAsync(page, "overview-numbers-24h");
    }

    [Test]
    public async Task ChosenAStreamTheOverviewCountsOnlyItsMessagesAndEventsThoseWithoutAStreamAsTransactional()
    {
        using var tenant = await Factory.CreateTenantAsync();
        var domain = $"ovs-{Guid.NewGuid():N}"[..14] + ".test";
        await SendGatewayFactory.AddDomainAsync(tenant, domain);
        (await tenant.Client.PostAsJsonAsync("/v1/streams", new { id = "newsletter", name = "Newsletter", kind = "broadcast" })).EnsureSuccessStatusCode();

        Task<HttpResponseMessage> SendAsync(string rcpt, string? stream) => tenant.SendAsync(new
        {
            from = new { email = $"news@{domain}" }, to = new[] { new { email = rcpt } }, subject = "Streams", html = "<p>Hello</p>",
            tracking = new { opens = true }, stream,
        });

        var opener = Unique("opener");
        var old = await IdOfAsync(await SendAsync(opener, null)); // made "from before streams" below: no stream stored
        var bounced = await IdOfAsync(await SendAsync(Unique("nouser"), "transactional"));
        var news = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            news.Add(await IdOfAsync(await SendAsync(Unique("ok"), "newsletter")));
        }

        await tenant.WaitForStatusAsync(old, "ok");
        await tenant.WaitForStatusAsync(bounced, "hardbounce");
        foreach (var id in news)
        {
            await tenant.WaitForStatusAsync(id, "ok");
        }

        var pixel = TrackedUrl().Match(TestEnvironment.Mx1.For(opener).Single().Parse().HtmlBody!).Groups[1].Value;
        using (var open = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{Factory.HttpPort}{new Uri(WebUtility.HtmlDecode(pixel)).PathAndQuery}"))
        using (var http = new HttpClient())
        {
            open.Headers.TryAddWithoutValidation("User-Agent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36");
            Assert.That((await http.SendAsync(open)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        await tenant.WaitForStatusAsync(old, "open");
        await using (var connection = new NpgsqlConnection(Factory.PostgresConnectionString))
        {
            await connection.OpenAsync();
            async Task<long> OpenEventsAsync()
            {
                await using var count = new NpgsqlCommand("SELECT count(*) FROM events WHERE message_id = @id AND type = 'open'", connection);
                count.Parameters.AddWithValue("id", old);
                return (long)(await count.ExecuteScalarAsync())!;
            }

            Assert.That(await Polling.UntilAsync(OpenEventsAsync, n => n > 0, TimeSpan.FromSeconds(30)), Is.EqualTo(1));
            await using var clear = new NpgsqlCommand("UPDATE messages SET stream = NULL WHERE id = @id; UPDATE events SET stream = NULL WHERE message_id = @id", connection);
            clear.Parameters.AddWithValue("id", old);
            Assert.That(await clear.ExecuteNonQueryAsync(), Is.GreaterThanOrEqualTo(4), "the message and its injected, ok and open events");
        }

        var page = await SignedInAsync(tenant.Id, PanelRoles.Viewer);
        await ExpectStreamTilesAsync(page, sent: 5, delivered: 4, bounced: 1, opened: 1);
        await Assertions.Expect(page.Locator("#stream option")).ToHaveTextAsync(["All streams", "Transactional (transactional)", "Broadcast (broadcast)", "Newsletter (newsletter)"]);

        await page.GetByLabel("Stream", new() { Exact = true }).SelectOptionAsync("newsletter");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Assertions.Expect(page.Locator("h2#totals")).ToHaveTextAsync("Last 7 days, stream newsletter");
        await ExpectStreamTilesAsync(page, sent: 3, delivered: 3, bounced: 0, opened: 0);
        await Assertions.Expect(page.Locator("svg.chart desc")).ToHaveTextAsync("Sent: 3 in all; Delivered: 3 in all; Bounced: 0 in all; Opened: 0 in all; Clicked: 0 in all");
        await Assertions.Expect(page.Locator("section[aria-labelledby=by-domain] tbody tr td").First).ToHaveTextAsync("3");
        await PanelBrowser.CheckAsync(page, "overview-stream-newsletter");

        await page.GetByRole(AriaRole.Link, new() { Name = "24 hours" }).ClickAsync(); // the range keeps the stream
        await Assertions.Expect(page.Locator("svg.chart title")).ToHaveTextAsync("Sending over the last 24 hours");
        await Assertions.Expect(page.GetByLabel("Stream", new() { Exact = true })).ToHaveValueAsync("newsletter");
        await ExpectStreamTilesAsync(page, sent: 3, delivered: 3, bounced: 0, opened: 0);

        await page.GetByLabel("Stream", new() { Exact = true }).SelectOptionAsync("transactional");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await ExpectStreamTilesAsync(page, sent: 2, delivered: 1, bounced: 1, opened: 1); // the message and open without a stream are transactional's

        await page.GetByLabel("Stream", new() { Exact = true }).SelectOptionAsync("broadcast");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await ExpectStreamTilesAsync(page, sent: 0, delivered: 0, bounced: 0, opened: 0);
        await Assertions.Expect(page.Locator("svg.chart")).ToHaveCountAsync(0);
    }

    private static async Task ExpectStreamTilesAsync(IPage page, int sent, int delivered, int bounced, int opened)
    {
        foreach (var (metric, value) in new[] { ("Sent", sent), ("Delivered", delivered), ("Bounced", bounced), ("Opened", opened), ("Opens by people", opened) })
        {
            await Assertions.Expect(page.Locator($"[data-metric='{metric}'] .value")).ToHaveTextAsync(value.ToString(System.Globalization.CultureInfo.InvariantCulture), new() { Timeout = 10_000 });
        }
    }

    private static DateTime Hour(DateTime t) => new(t.Year, t.Month, t.Day, t.Hour, 0, 0, DateTimeKind.Utc);

    /// <summary>Six sent: three delivered (one after a soft bounce, one opened), one hard bounce, one dropped, one scheduled.</summary>
    private static async Task ExpectTilesAsync(IPage page)
    {
        foreach (var (metric, value, rate) in new (string, string, string?)[]
        {
            ("Sent", "6", null),
            ("Delivered", "3", "50.0 % of sent"),
            ("Bounced", "1", "16.7 % of sent"),
            ("Dropped", "1", "16.7 % of sent"),
            ("Waiting", "1", "16.7 % of sent"),
            ("Opened", "1", "33.3 % of delivered"),
            ("Clicked", "0", "0.0 % of delivered"),
            ("Opens by people", "1", null),
            ("Opens by machines", "0", null),
            ("Clicks by people", "0", null),
            ("Clicks by machines", "0", null),
            ("Complaints", "0", "0.0 % of delivered"),
            ("Unsubscribes", "0", "0.0 % of delivered"),
        })
        {
            var tile = page.Locator($"[data-metric='{metric}']");
            await Assertions.Expect(tile.Locator(".value")).ToHaveTextAsync(value);
            await Assertions.Expect(tile.Locator(".rate")).ToHaveCountAsync(rate is null ? 0 : 1);
            if (rate is not null)
            {
                await Assertions.Expect(tile.Locator(".rate")).ToHaveTextAsync(rate);
            }
        }

        await Assertions.Expect(page.Locator(".tiles .tile")).ToHaveCountAsync(13);
    }

    private static async Task ExpectRowAsync(IPage page, string table, string key)
    {
        var rows = page.Locator($"section[aria-labelledby={table}] tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.Locator("th")).ToHaveTextAsync(key);
        await Assertions.Expect(rows.Locator("td")).ToHaveTextAsync(["6", "3", "1", "1", "1", "1", "0"]); // sent, delivered, bounced, dropped, waiting, opened, clicked
    }

    /// <summary>Only the buckets the mix was sent in: one point per series each, a line only between two or more.</summary>
    private static async Task ExpectChartAsync(IPage page, int buckets)
    {
        await Assertions.Expect(page.Locator("svg.chart desc")).ToHaveTextAsync("Sent: 6 in all; Delivered: 3 in all; Bounced: 1 in all; Opened: 1 in all; Clicked: 0 in all");
        await Assertions.Expect(page.Locator("svg.chart circle")).ToHaveCountAsync(5 * buckets);
        await Assertions.Expect(page.Locator("svg.chart polyline")).ToHaveCountAsync(buckets > 1 ? 5 : 0);
    }

    [GeneratedRegex("src=\"([^\"]*/t/o/[^\"]+)\"")]
    private static partial Regex TrackedUrl();
}
