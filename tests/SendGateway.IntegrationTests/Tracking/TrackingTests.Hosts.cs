using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Tracking;

/// <summary>The tenant's own tracking host, the click-before-open verdict, kept User-Agents, webhooks and erasure.</summary>
public sealed partial class TrackingTests
{
    private async Task<(string MessageId, MimeKit.MimeMessage Copy)> SendTrackedAsync(TestTenant tenant, string domain, string local)
    {
        var rcpt = $"{local}-{Guid.NewGuid():N}@mx-ok.test";
        var send = await tenant.SendAsync(new
        {
            from = new { email = $"news@{domain}" }, to = new[] { new { email = rcpt } }, subject = "Hosts", stream = "broadcast",
            html = "<p><a href=\"https://acme.test/go?x=1\">go</a></p>", tracking = new { opens = true, clicks = true },
        });
        Assert.That(send.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await send.Content.ReadAsStringAsync());
        var messageId = (await send.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;
        await tenant.WaitForStatusAsync(messageId, "ok");
        return (messageId, TestEnvironment.Mx1.For(rcpt).Single().Parse());
    }

    private async Task<HttpStatusCode> GetOnHostAsync(string url, string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url).PathAndQuery);
        request.Headers.Host = $"{host}:{_factory.HttpPort}";
        return (await _public.SendAsync(request)).StatusCode;
    }

    [Test]
    public async Task AVerifiedTrackingHostCarriesTheTenantsLinksAndRefusesAnotherTenantsTokens()
    {
        using var tenant = await _factory.CreateTenantAsync();
        var domain = $"own-host-{Guid.NewGuid():N}"[..18] + ".test";
        var created = await SendGatewayFactory.AddDomainAsync(tenant, domain);
        var tracking = created.GetProperty("records").EnumerateArray().Single(r => r.GetProperty("purpose").GetString() == "tracking");
        Assert.That(tracking.GetProperty("type").GetString(), Is.EqualTo("CNAME"));
        Assert.That(tracking.GetProperty("name").GetString(), Is.EqualTo($"track.{domain}"));
        Assert.That(tracking.GetProperty("value").GetString(), Is.EqualTo("127.0.0.1"), "no CnameTarget configured: the host of Tracking:BaseUrl");
        Assert.That(created.GetProperty("tracking_verified").GetBoolean(), Is.False);

        var (_, before) = await SendTrackedAsync(tenant, domain, "before");
        Assert.That(TrackedUrls(before), Has.All.StartsWith("http://127.0.0.1:"), "unverified: links on Tracking:BaseUrl");

        foreach (var record in created.GetProperty("records").EnumerateArray().Where(r => r.GetProperty("type").GetString() == "CNAME"))
        {
            TestEnvironment.Dns.AddCname(record.GetProperty("name").GetString()!, record.GetProperty("value").GetString()!);
        }

        var verified = await (await tenant.Client.PostAsync($"/v1/domains/{domain}/verify", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(verified.GetProperty("tracking_verified").GetBoolean(), Is.True, verified.ToString());

        var (messageId, copy) = await SendTrackedAsync(tenant, domain, "after");
        var urls = TrackedUrls(copy);
        Assert.That(urls, Has.Count.EqualTo(2).And.All.StartsWith($"http://track.{domain}:8080/t/"), "verified: the tenant's own host, Tracking:BaseUrl's scheme and port");
        Assert.That(copy.Headers[MimeKit.HeaderId.ListUnsubscribe], Does.StartWith($"<http://track.{domain}:8080/u/"));
        var pixel = urls.Single(u => u.Contains("/t/o/", StringComparison.Ordinal));
        Assert.That(await GetOnHostAsync(pixel, $"track.{domain}"), Is.EqualTo(HttpStatusCode.OK));
        await EventsAsyncFor(tenant, messageId, "open", 1);

        var (_, foreign) = await SendTrackedAsync(_tenant, Domain, "foreign");
        var foreignPixel = TrackedUrls(foreign).Single(u => u.Contains("/t/o/", StringComparison.Ordinal));
        Assert.That(await GetOnHostAsync(foreignPixel, $"track.{domain}"), Is.EqualTo(HttpStatusCode.NotFound), "another tenant's token on this tenant's host");
        Assert.That(await GetOnHostAsync(foreignPixel, "127.0.0.1"), Is.EqualTo(HttpStatusCode.OK), "the same token on the shared host");
    }

    [Test]
    public async Task AClickBeforeAnyOpenIsPrefetchTheUserAgentIsKeptWhenAskedAndAWebhookCarriesTheVerdict()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var tenant = await _factory.CreateTenantAsync();
        var domain = $"ua-{Guid.NewGuid():N}"[..14] + ".test";
        await SendGatewayFactory.AddDomainAsync(tenant, domain);
        (await tenant.Client.PutAsJsonAsync("/v1/settings", new { tracking_store_user_agent = true })).EnsureSuccessStatusCode();
        var hook = await (await tenant.Client.PostAsJsonAsync("/v1/webhooks", new { url = receiver.UrlFor("clicks"), events = new[] { "click" }, batch_size = 1 }))
            .Content.ReadFromJsonAsync<JsonElement>();
        await receiver.ConfigureAsync("clicks", hook.GetProperty("secret").GetString()!, 200);

        var (messageId, copy) = await SendTrackedAsync(tenant, domain, "prefetch");
        const string Browser = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36";
        using (var request = new HttpRequestMessage(HttpMethod.Get, new Uri(TrackedUrls(copy).Single(u => u.Contains("/t/c/", StringComparison.Ordinal))).PathAndQuery))
        {
            request.Headers.TryAddWithoutValidation("User-Agent", Browser);
            Assert.That((await _public.SendAsync(request)).StatusCode, Is.EqualTo(HttpStatusCode.Found));
        }

        var click = (await EventsAsyncFor(tenant, messageId, "click", 1))[0];
        Assert.That(click.GetProperty("machine").GetBoolean(), Is.True, "a browser's click, but before any open of a copy with a pixel, right after delivery");
        Assert.That(click.GetProperty("machine_reason").GetString(), Is.EqualTo("prefetch"));
        Assert.That(click.GetProperty("client").GetProperty("name").GetString(), Is.EqualTo("Chrome"));
        Assert.That(click.GetProperty("user_agent").GetString(), Is.EqualTo(Browser), "tracking_store_user_agent keeps it");

        var delivered = await Polling.UntilAsync(
            async () => (await receiver.ReceivedAsync("clicks")).Where(r => r.Verified).SelectMany(r => r.Events()).ToList(), e => e.Count >= 1, TimeSpan.FromSeconds(30));
        Assert.That(delivered.Single().GetProperty("id").GetString(), Is.EqualTo(click.GetProperty("id").GetString()));
        Assert.That(delivered.Single().GetProperty("machine_reason").GetString(), Is.EqualTo("prefetch"));
        Assert.That(delivered.Single().GetProperty("url").GetString(), Is.EqualTo("https://acme.test/go?x=1"));
    }

    [Test]
    public async Task ErasureRemovesTrackingEventsAndTheErasedMessagesLinksStillRedirectButRecordNothing()
    {
        var (messageId, copy) = await SendTrackedAsync(_tenant, Domain, "erase");
        var urls = TrackedUrls(copy);
        var clickPath = new Uri(urls.Single(u => u.Contains("/t/c/", StringComparison.Ordinal))).PathAndQuery;
        await _public.GetAsync(new Uri(urls.Single(u => u.Contains("/t/o/", StringComparison.Ordinal))).PathAndQuery);
        await _public.GetAsync(clickPath);
        await EventsAsyncFor(_tenant, messageId, "click", 1);

        var erased = await _tenant.Client.PostAsJsonAsync("/v1/privacy/erasures", new { emails = new[] { copy.To.Mailboxes.Single().Address } });
        Assert.That(erased.IsSuccessStatusCode, Is.True, await erased.Content.ReadAsStringAsync());
        Assert.That((await erased.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("events").GetInt64(), Is.GreaterThanOrEqualTo(4), "injected, ok, open, click");

        var again = await _public.GetAsync(clickPath);
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Found), "the recipient's link keeps working");
        Assert.That(again.Headers.Location!.OriginalString, Is.EqualTo("https://acme.test/go?x=1"));

        // A later open of another message on the same shard (same recipient domain) is stored after whatever the click could add.
        var (witness, witnessCopy) = await SendTrackedAsync(_tenant, Domain, "witness");
        await _public.GetAsync(new Uri(TrackedUrls(witnessCopy).Single(u => u.Contains("/t/o/", StringComparison.Ordinal))).PathAndQuery);
        await EventsAsyncFor(_tenant, witness, "open", 1);
        var left = await _tenant.Client.GetFromJsonAsync<JsonElement>($"/v1/events?message_id={messageId}");
        Assert.That(left.GetProperty("data").GetArrayLength(), Is.Zero, "no event of the erased message, old or new");
    }

    private static async Task<JsonElement[]> EventsAsyncFor(TestTenant tenant, string messageId, string type, int count) =>
        await Polling.UntilAsync(
            async () => (await tenant.Client.GetFromJsonAsync<JsonElement>($"/v1/events?message_id={messageId}&type={type}")).GetProperty("data").EnumerateArray().ToArray(),
            e => e.Length >= count, TimeSpan.FromSeconds(30));
}
