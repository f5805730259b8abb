using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Streams;

/// <summary>A stream's tracking default, a webhook's streams filter and the stats of one stream.</summary>
public sealed partial class StreamsTests
{
    [Test]
    public async Task AStreamsTrackingDefaultAppliesAWebhookGetsOnlyItsStreamsEventsAndStatsCountByStream()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (tenant, domain) = await TenantAsync("hooks");
        using var _ = tenant;
        (await tenant.Client.PostAsJsonAsync("/v1/streams", new { id = "digest", name = "Digest", kind = "broadcast", track_opens = true })).EnsureSuccessStatusCode();
        var invalid = await tenant.Client.PostAsJsonAsync("/v1/webhooks", new { url = receiver.UrlFor("digest"), streams = new[] { "Not Valid" } });
        Assert.That(invalid.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        var hook = await (await tenant.Client.PostAsJsonAsync("/v1/webhooks", new { url = receiver.UrlFor("digest"), events = new[] { "ok" }, batch_size = 1, streams = new[] { "digest" } }))
            .Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(hook.GetProperty("streams").EnumerateArray().Select(s => s.GetString()), Is.EqualTo(new[] { "digest" }));
        await receiver.ConfigureAsync("digest", hook.GetProperty("secret").GetString()!, 200);

        // Sent first: a transactional message, whose ok the endpoint must not get.
        var plain = await SendAsync(tenant, domain, Rcpt("plain"), null);
        await tenant.WaitForIngestedStatusAsync(plain, "ok");
        var digestRcpt = Rcpt("digest");
        var digest = await SendAsync(tenant, domain, digestRcpt, "digest");
        await tenant.WaitForIngestedStatusAsync(digest, "ok");
        var copy = TestEnvironment.Mx1.For(digestRcpt).Single().Parse();
        Assert.That(copy.HtmlBody, Does.Contain("/t/o/"), "the stream's track_opens: a pixel");

        var received = await Polling.UntilAsync(async () => await receiver.ReceivedAsync("digest"), r => r.Count > 0, TimeSpan.FromSeconds(30));
        var events = received.SelectMany(r => r.Events()).ToList();
        Assert.That(events.Select(e => e.GetProperty("message_id").GetString()), Is.EqualTo(new[] { digest }), "only the digest stream's event");
        Assert.That(events[0].GetProperty("stream").GetString(), Is.EqualTo("digest"));

        var stats = await tenant.Client.GetFromJsonAsync<JsonElement>("/v1/stats?group_by=stream");
        var buckets = stats.GetProperty("data").EnumerateArray().ToDictionary(b => b.GetProperty("key").GetString()!, b => b.GetProperty("counts").GetProperty("ok").GetInt64());
        Assert.That(buckets, Is.EquivalentTo(new Dictionary<string, long> { ["transactional"] = 1, ["digest"] = 1 }));
        var one = await tenant.Client.GetFromJsonAsync<JsonElement>("/v1/stats?stream=digest");
        Assert.That(one.GetProperty("data")[0].GetProperty("counts").GetProperty("injected").GetInt64(), Is.EqualTo(1));

        // streams: [] goes back to every stream.
        var everything = await tenant.Client.PatchAsJsonAsync($"/v1/webhooks/{hook.GetProperty("id").GetString()}", new { streams = Array.Empty<string>() });
        Assert.That((await everything.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("streams").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }
}
