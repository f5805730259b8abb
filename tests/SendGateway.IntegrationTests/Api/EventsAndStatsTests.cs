using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Api;

/// <summary>GET /v1/events (filters, cursor pagination) and GET /v1/stats over real delivered mail.</summary>
[TestFixture]
public sealed class EventsAndStatsTests() : TenantFixture("api,delivery,events", "stats.test")
{
    private string[] _ids = [];

    [OneTimeSetUp]
    public async Task SendTheMessagesAsync()
    {
        var to = new object[]
        {
            new { email = $"ok1-{Guid.NewGuid():N}@mx-ok.test" }, new { email = $"ok2-{Guid.NewGuid():N}@mx-ok.test" },
            new { email = $"nouser-{Guid.NewGuid():N}@mx-ok.test" },
        };
        var response = await Tenant.SendAsync(new { from = new { email = "s@stats.test" }, to, subject = "s", text = "t", tags = new[] { "stats-tag" } });
        _ids = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("id").GetString()!).ToArray();
        await Tenant.WaitForStatusAsync(_ids[0], "ok");
        await Tenant.WaitForStatusAsync(_ids[1], "ok");
        await Tenant.WaitForStatusAsync(_ids[2], "hardbounce");
    }

    [Test]
    public async Task PagesThroughEveryEventInTimeOrderWithTheCursor()
    {
        var seen = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var page = await Tenant.Client.GetFromJsonAsync<JsonElement>($"/v1/events?limit=2{(cursor is null ? "" : $"&cursor={cursor}")}");
            Assert.That(page.GetProperty("data").GetArrayLength(), Is.LessThanOrEqualTo(2));
            seen.AddRange(page.GetProperty("data").EnumerateArray());
            cursor = page.GetProperty("next_cursor").GetString();
        }
        while (cursor is not null);

        Assert.That(seen, Has.Count.EqualTo(6));
        Assert.That(seen.Select(e => e.GetProperty("id").GetString()).Distinct().Count(), Is.EqualTo(6));
        var times = seen.Select(e => e.GetProperty("timestamp").GetDateTimeOffset()).ToList();
        Assert.That(times, Is.Ordered);
    }

    [Test]
    public async Task FiltersByTypeMessageRecipientAndTag()
    {
        var hard = await Tenant.Client.GetFromJsonAsync<JsonElement>("/v1/events?type=hardbounce");
        Assert.That(hard.GetProperty("data").EnumerateArray().Select(e => e.GetProperty("message_id").GetString()), Is.EqualTo(new[] { _ids[2] }));

        var one = await Tenant.Client.GetFromJsonAsync<JsonElement>($"/v1/events?message_id={_ids[0]}");
        Assert.That(one.GetProperty("data").EnumerateArray().Select(e => e.GetProperty("type").GetString()), Is.EqualTo(new[] { "injected", "ok" }));

        var recipient = one.GetProperty("data")[0].GetProperty("recipient").GetString();
        var byRecipient = await Tenant.Client.GetFromJsonAsync<JsonElement>($"/v1/events?recipient={Uri.EscapeDataString(recipient!)}");
        Assert.That(byRecipient.GetProperty("data").GetArrayLength(), Is.EqualTo(2));

        var tagged = await Tenant.Client.GetFromJsonAsync<JsonElement>("/v1/events?tag=stats-tag");
        Assert.That(tagged.GetProperty("data").GetArrayLength(), Is.EqualTo(6));
        var untagged = await Tenant.Client.GetFromJsonAsync<JsonElement>("/v1/events?tag=other");
        Assert.That(untagged.GetProperty("data").GetArrayLength(), Is.Zero);
    }

    [TestCase("type=nonsense")]
    [TestCase("limit=0")]
    [TestCase("limit=1001")]
    [TestCase("cursor=not-a-cursor")]
    public async Task BadEventQueriesAre422(string query)
    {
        var response = await Tenant.Client.GetAsync($"/v1/events?{query}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
    }

    [Test]
    public async Task StatsCountEachTypeOverall()
    {
        var stats = await Tenant.Client.GetFromJsonAsync<JsonElement>("/v1/stats");
        var counts = stats.GetProperty("data")[0].GetProperty("counts");
        Assert.That(counts.GetProperty("injected").GetInt64(), Is.EqualTo(3));
        Assert.That(counts.GetProperty("ok").GetInt64(), Is.EqualTo(2));
        Assert.That(counts.GetProperty("hardbounce").GetInt64(), Is.EqualTo(1));
        Assert.That(counts.GetProperty("click").GetInt64(), Is.Zero);
    }

    [TestCase("day")]
    [TestCase("tag")]
    [TestCase("domain")]
    public async Task StatsGroupBy(string groupBy)
    {
        var stats = await Tenant.Client.GetFromJsonAsync<JsonElement>($"/v1/stats?group_by={groupBy}");
        var bucket = stats.GetProperty("data").EnumerateArray().Single();
        var expectedKey = groupBy switch { "day" => DateTime.UtcNow.ToString("yyyy-MM-dd"), "tag" => "stats-tag", _ => "mx-ok.test" };
        Assert.That(bucket.GetProperty("key").GetString(), Is.EqualTo(expectedKey));
        Assert.That(bucket.GetProperty("counts").GetProperty("ok").GetInt64(), Is.EqualTo(2));
    }
}
