using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using MimeKit.Cryptography;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Tracking;

/// <summary>
/// Opens and clicks end to end (api.md §7, issue 16): HTML sent through REST and SMTP is delivered with tracked links
/// and a pixel under a DKIM signature that verifies; following them (on a real Kestrel, through a trusted proxy's
/// X-Forwarded-For) redirects byte for byte and records events with machine verdicts; HEAD and forged tokens record nothing.
/// </summary>
[TestFixture]
public sealed partial class TrackingTests
{
    private const string Domain = "track-acme.test";
    private SendGatewayFactory _factory = null!;
    private TestTenant _tenant = null!;
    private HttpClient _public = null!;
    private int _bouncePort;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _bouncePort = ProcessRunner.FreePort();
        _factory = new SendGatewayFactory("api,relay,delivery,events", new Dictionary<string, string?>
        {
            ["SendGateway:Bounces:Port"] = _bouncePort.ToString(),
            ["SendGateway:Tracking:TrustedProxies:0"] = "127.0.0.1",
            ["SendGateway:Tracking:PrefetchWindow"] = "00:00:00",
            ["SendGateway:Tracking:RepeatWindow"] = "00:00:00", // these tests judge each hit; TrackingAmplificationTests the window
        });
        _factory.StartServer();
        _tenant = await _factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(_tenant, Domain);
        _public = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri($"http://127.0.0.1:{_factory.HttpPort}") };
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _public.Dispose();
        _tenant.Dispose();
        await _factory.DisposeAsync();
    }

    private const string Html = """<html><body><p>Hi <a href="https://shop.acme.test/p?id=1&amp;utm=mail#buy">buy</a>, <a href="mailto:help@acme.test">mail us</a>, <a href="https://acme.test/raw" data-sg-notrack>raw</a></p></body></html>""";

    private static List<string> TrackedUrls(MimeMessage copy) => [.. TrackedUrl().Matches(copy.HtmlBody!).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value))];

    private async Task<JsonElement[]> EventsAsync(string messageId, string type, int count) => await EventsAsyncFor(_tenant, messageId, type, count);

    [Test]
    public async Task RestHtmlIsDeliveredSignedWithTrackedLinksThatRedirectExactlyAndRecordVerdicts()
    {
        var rcpt = $"trk-{Guid.NewGuid():N}@mx-ok.test";
        var send = await _tenant.SendAsync(new { from = new { email = $"news@{Domain}" }, to = new[] { new { email = rcpt } }, subject = "Links", html = Html, tracking = new { opens = true, clicks = true } });
        var messageId = (await send.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;
        await _tenant.WaitForStatusAsync(messageId, "ok");

        var copy = TestEnvironment.Mx1.For(rcpt).Single().Parse();
        var signature = copy.Headers[copy.Headers.IndexOf(HeaderId.DkimSignature)];
        Assert.That(await new DkimVerifier(new DnsDkimKeyLocator(TestEnvironment.Dns.EndPoint)).VerifyAsync(copy, signature), Is.True, "DKIM covers the rewritten body");
        Assert.That(copy.HtmlBody, Does.Contain("href=\"mailto:help@acme.test\"").And.Contain("<a href=\"https://acme.test/raw\">raw</a>"));
        Assert.That(copy.HtmlBody, Does.Not.Contain(rcpt), "no address in the links");
        var urls = TrackedUrls(copy);
        var click = urls.Single(u => u.Contains("/t/c/", StringComparison.Ordinal));
        var pixel = urls.Single(u => u.Contains("/t/o/", StringComparison.Ordinal));

        using (var head = new HttpRequestMessage(HttpMethod.Head, new Uri(click).PathAndQuery))
        {
            Assert.That((await _public.SendAsync(head)).StatusCode, Is.EqualTo(HttpStatusCode.Found), "HEAD answers and records nothing");
        }

        var image = await _public.GetAsync(new Uri(pixel).PathAndQuery);
        Assert.That(image.Content.Headers.ContentType!.MediaType, Is.EqualTo("image/gif"));
        Assert.That((await image.Content.ReadAsByteArrayAsync()).Length, Is.EqualTo(43));
        Assert.That(image.Headers.CacheControl!.NoStore, Is.True);

        using var viaProxy = new HttpRequestMessage(HttpMethod.Get, new Uri(click).PathAndQuery);
        viaProxy.Headers.TryAddWithoutValidation("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36");
        viaProxy.Headers.TryAddWithoutValidation("X-Forwarded-For", "198.51.100.7");
        var redirect = await _public.SendAsync(viaProxy);
        Assert.That(redirect.StatusCode, Is.EqualTo(HttpStatusCode.Found));
        Assert.That(redirect.Headers.Location!.OriginalString, Is.EqualTo("https://shop.acme.test/p?id=1&utm=mail#buy"), "byte for byte");

        var opens = await EventsAsync(messageId, "open", 1);
        Assert.That(opens[0].GetProperty("recipient").GetString(), Is.EqualTo(rcpt));
        Assert.That(opens[0].GetProperty("machine").GetBoolean(), Is.True, "no User-Agent: a scanner");
        var clicks = await EventsAsync(messageId, "click", 1);
        Assert.That(clicks, Has.Length.EqualTo(1), "the HEAD recorded nothing");
        Assert.That(clicks[0].GetProperty("url").GetString(), Is.EqualTo("https://shop.acme.test/p?id=1&utm=mail#buy"));
        Assert.That(clicks[0].GetProperty("machine").GetBoolean(), Is.False);
        Assert.That(clicks[0].GetProperty("client").GetProperty("kind").GetString(), Is.EqualTo("browser"));
        Assert.That(clicks[0].GetProperty("user_agent").ValueKind, Is.EqualTo(JsonValueKind.Null), "the User-Agent is not kept");
        Assert.That(clicks[0].GetProperty("from").GetString(), Is.EqualTo($"news@{Domain}"));
    }

    [Test]
    public async Task ImageProxiesBehindATrustedProxyAreMachinesAndAForgedTokenRecordsNothing()
    {
        var rcpt = $"prx-{Guid.NewGuid():N}@mx-ok.test";
        var tag = $"proxies-{Guid.NewGuid():N}";
        var send = await _tenant.SendAsync(new { from = new { email = $"news@{Domain}" }, to = new[] { new { email = rcpt } }, subject = "Img", html = "<p>hi</p>", tracking = new { opens = true }, tags = new[] { tag } });
        var messageId = (await send.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;
        await _tenant.WaitForStatusAsync(messageId, "ok");
        var pixel = new Uri(TrackedUrls(TestEnvironment.Mx1.For(rcpt).Single().Parse()).Single()).PathAndQuery;

        foreach (var (ua, forwardedFor) in new[] { ("Mozilla/5.0", "17.58.10.20"), ("Mozilla/5.0 (via ggpht.com GoogleImageProxy)", "66.249.84.9") })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, pixel);
            request.Headers.TryAddWithoutValidation("User-Agent", ua);
            request.Headers.TryAddWithoutValidation("X-Forwarded-For", forwardedFor);
            Assert.That((await _public.SendAsync(request)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        var forged = pixel[..^4] + (pixel[^4] == 'A' ? "B" : "A") + pixel[^3..];
        Assert.That((await _public.GetAsync(forged)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await _public.GetAsync("/t/c/" + new string('A', 60))).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));

        var reasons = (await EventsAsync(messageId, "open", 2)).Select(e => e.GetProperty("machine_reason").GetString()).Order().ToArray();
        Assert.That(reasons, Is.EqualTo(new[] { "apple_privacy_proxy", "google_image_proxy" }));

        var stats = await _tenant.Client.GetFromJsonAsync<JsonElement>($"/v1/stats?group_by=tag&since={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(-1).ToString("O"))}");
        var counts = stats.GetProperty("data").EnumerateArray().Single(b => b.GetProperty("key").GetString() == tag).GetProperty("counts");
        Assert.That(counts.GetProperty("open").GetInt64(), Is.EqualTo(2));
        Assert.That(counts.GetProperty("unique_opens").GetInt64(), Is.EqualTo(1), "two opens of one message");
        Assert.That(counts.GetProperty("machine_opens").GetInt64(), Is.EqualTo(2));
        Assert.That(counts.GetProperty("unique_clicks").GetInt64(), Is.Zero);
    }

    [Test]
    public async Task SmtpHtmlIsTrackedWhenXSgTrackAsksAndTheHeaderIsRemoved()
    {
        var credential = await (await _tenant.Client.PostAsJsonAsync("/v1/smtp-credentials", new { name = "trk" })).Content.ReadFromJsonAsync<JsonElement>();
        var rcpt = $"smtp-trk-{Guid.NewGuid():N}@mx-ok.test";
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse($"app@{Domain}"));
        message.To.Add(MailboxAddress.Parse(rcpt));
        message.Subject = "Via SMTP";
        message.Headers.Add("X-SG-Track", "clicks");
        message.Body = new TextPart("html") { Text = Html };
        using (var client = new SmtpClient { ServerCertificateValidationCallback = (_, _, _, _) => true, CheckCertificateRevocation = false })
        {
            await client.ConnectAsync("127.0.0.1", _factory.SubmissionPort, SecureSocketOptions.StartTls);
            await client.AuthenticateAsync(credential.GetProperty("username").GetString()!, credential.GetProperty("password").GetString()!);
            await client.SendAsync(message);
            await client.DisconnectAsync(true);
        }

        var copy = await Polling.UntilAsync(() => Task.FromResult(TestEnvironment.Mx1.For(rcpt).SingleOrDefault()), m => m is not null, TimeSpan.FromSeconds(30));
        var parsed = copy!.Parse();
        Assert.That(parsed.Headers.Contains("X-SG-Track"), Is.False);
        var urls = TrackedUrls(parsed);
        Assert.That(urls, Has.Count.EqualTo(1).And.All.Contain("/t/c/"), "clicks only: no pixel");
        var signature = parsed.Headers[parsed.Headers.IndexOf(HeaderId.DkimSignature)];
        Assert.That(await new DkimVerifier(new DnsDkimKeyLocator(TestEnvironment.Dns.EndPoint)).VerifyAsync(parsed, signature), Is.True);
    }

    [Test]
    public async Task OneClickUnsubscribeIsSignedRecordedOnceAndAGetChangesNothing()
    {
        var rcpt = $"uns-{Guid.NewGuid():N}@mx-ok.test";
        var send = await _tenant.SendAsync(new
        {
            from = new { email = $"news@{Domain}" }, to = new[] { new { email = rcpt } }, subject = "Weekly",
            html = "<p>News. <a href=\"{{ unsubscribe_url }}\">Unsubscribe</a></p>", tracking = new { opens = true, clicks = true }, stream = "broadcast",
        });
        var messageId = (await send.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;
        await _tenant.WaitForStatusAsync(messageId, "ok");

        var copy = TestEnvironment.Mx1.For(rcpt).Single().Parse();
        var header = copy.Headers[HeaderId.ListUnsubscribe];
        Assert.That(header, Does.Match("^<http://[^>]+/u/[A-Za-z0-9_-]+>, <mailto:u\\+[a-z0-9]{26}-[a-z2-7]{8}@bounces\\.localhost>$"));
        Assert.That(copy.Headers["List-Unsubscribe-Post"], Is.EqualTo("List-Unsubscribe=One-Click"));
        var signature = copy.Headers[copy.Headers.IndexOf(HeaderId.DkimSignature)];
        Assert.That(signature.Value, Does.Contain("list-unsubscribe:list-unsubscribe-post"));
        Assert.That(await new DkimVerifier(new DnsDkimKeyLocator(TestEnvironment.Dns.EndPoint)).VerifyAsync(copy, signature), Is.True);
        var page = new Uri(header.Split(", ")[0].Trim('<', '>')).PathAndQuery;
        Assert.That(copy.HtmlBody, Does.Contain($"{page}\">Unsubscribe</a>"), "{{ unsubscribe_url }} is the same link, not click-tracked");

        var confirm = await _public.GetStringAsync(page);
        Assert.That(confirm, Does.Contain("u***@mx-ok.test").And.Contain("<form method=\"post\">"));
        Assert.That((await _public.PostAsync(page, new StringContent("nothing"))).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var forged = page[..^4] + (page[^4] == 'A' ? "B" : "A") + page[^3..];
        Assert.That((await _public.PostAsync(forged, OneClick())).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await _public.PostAsync(page, OneClick())).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await _public.PostAsync(page, OneClick())).StatusCode, Is.EqualTo(HttpStatusCode.OK), "repeating is fine");

        var suppression = await Polling.UntilAsync(
            async () => await _tenant.Client.GetAsync($"/v1/suppressions/{Uri.EscapeDataString(rcpt)}"), r => r.IsSuccessStatusCode, TimeSpan.FromSeconds(30));
        Assert.That((await suppression.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString(), Is.EqualTo("unsubscribe"));
        // A later event on the same shard (the pixel) is stored after anything the second POST could have added.
        var pixel = new Uri(TrackedUrls(copy).Single(u => u.Contains("/t/o/", StringComparison.Ordinal))).PathAndQuery;
        await _public.GetAsync(pixel);
        await EventsAsync(messageId, "open", 1);
        Assert.That(await EventsAsync(messageId, "unsubscribe", 1), Has.Length.EqualTo(1), "one event: the GET and the repeat recorded nothing");

        var quiet = $"quiet-{Guid.NewGuid():N}@mx-ok.test";
        var off = await _tenant.SendAsync(new { from = new { email = $"news@{Domain}" }, to = new[] { new { email = quiet } }, subject = "Off", text = "t", unsubscribe = false, stream = "broadcast" });
        await _tenant.WaitForStatusAsync((await off.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!, "ok");
        Assert.That(TestEnvironment.Mx1.For(quiet).Single().Parse().Headers.Contains(HeaderId.ListUnsubscribe), Is.False);
    }

    [Test]
    public async Task TenantDefaultsTrackAndAddAVisibleUnsubscribeLinkUnlessTheMessageSaysOtherwise()
    {
        using var tenant = await _factory.CreateTenantAsync();
        var domain = $"defaults-{Guid.NewGuid():N}"[..17] + ".test";
        await SendGatewayFactory.AddDomainAsync(tenant, domain);
        // An account from before streams (stream_defaults false): its unsubscribe setting applies to every stream.
        var put = await tenant.Client.PutAsJsonAsync("/v1/settings", new { track_opens = true, track_clicks = true, track_text_links = true, unsubscribe = "header_and_footer", stream_defaults = false });
        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK), await put.Content.ReadAsStringAsync());
        Assert.That((await tenant.Client.PutAsJsonAsync("/v1/settings", new { unsubscribe = "sometimes" })).StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));

        var tracked = $"def-{Guid.NewGuid():N}@mx-ok.test";
        var own = $"own-{Guid.NewGuid():N}@mx-ok.test";
        foreach (var (rcpt, tracking) in new[] { (tracked, (object?)null), (own, new { opens = false, clicks = false }) })
        {
            var send = await tenant.SendAsync(new
            {
                from = new { email = $"news@{domain}" }, to = new[] { new { email = rcpt } }, subject = "Defaults",
                html = "<p><a href=\"https://acme.test/x\">x</a></p>", text = "Plain part, see https://acme.test/t.", tracking,
            });
            await tenant.WaitForStatusAsync((await send.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!, "ok");
        }

        var copy = TestEnvironment.Mx1.For(tracked).Single().Parse();
        Assert.That(TrackedUrls(copy).Count(u => u.Contains("/t/o/", StringComparison.Ordinal)), Is.EqualTo(1), "the tenant's default: opens");
        Assert.That(TrackedUrls(copy).Count(u => u.Contains("/t/c/", StringComparison.Ordinal)), Is.EqualTo(1), "and clicks");
        var page = copy.Headers[HeaderId.ListUnsubscribe]!.Split(", ")[0].Trim('<', '>');
        Assert.That(copy.HtmlBody, Does.Contain($"<a href=\"{page}\">Unsubscribe</a>"));
        Assert.That(copy.TextBody, Does.EndWith($"Unsubscribe: {page}\n").Or.EndWith($"Unsubscribe: {page}\r\n"));
        Assert.That(copy.TextBody, Does.Match(@"Plain part, see http://[^ ]+/t/c/[A-Za-z0-9_-]+\."), "track_text_links: the text part's link too");
        var ownCopy = TestEnvironment.Mx1.For(own).Single().Parse();
        Assert.That(TrackedUrls(ownCopy), Is.Empty, "the message's own tracking: false wins");
        Assert.That(ownCopy.TextBody, Does.Contain("Plain part, see https://acme.test/t."));
    }

    [Test]
    public async Task MailToTheListUnsubscribeMailtoAddressUnsubscribes()
    {
        var rcpt = $"mailto-{Guid.NewGuid():N}@mx-ok.test";
        var send = await _tenant.SendAsync(new { from = new { email = $"news@{Domain}" }, to = new[] { new { email = rcpt } }, subject = "Mailto", text = "t", stream = "broadcast" });
        await _tenant.WaitForStatusAsync((await send.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!, "ok");
        var header = TestEnvironment.Mx1.For(rcpt).Single().Parse().Headers[HeaderId.ListUnsubscribe]!;
        var mailto = header.Split(", ")[1].Trim('<', '>')["mailto:".Length..];

        var request = new MimeMessage();
        request.From.Add(MailboxAddress.Parse(rcpt));
        request.To.Add(MailboxAddress.Parse(mailto));
        request.Subject = "unsubscribe";
        request.Body = new TextPart("plain") { Text = "Please unsubscribe me." };
        using (var client = new SmtpClient())
        {
            await client.ConnectAsync("127.0.0.1", _bouncePort, SecureSocketOptions.None);
            Assert.That(await client.SendAsync(request), Does.StartWith("Ok").Or.Contain("Ok"));
            await client.DisconnectAsync(true);
        }

        var suppression = await Polling.UntilAsync(
            async () => await _tenant.Client.GetAsync($"/v1/suppressions/{Uri.EscapeDataString(rcpt)}"), r => r.IsSuccessStatusCode, TimeSpan.FromSeconds(30));
        Assert.That((await suppression.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString(), Is.EqualTo("unsubscribe"));
    }

    private static FormUrlEncodedContent OneClick() => new([new KeyValuePair<string, string>("List-Unsubscribe", "One-Click")]);

    [GeneratedRegex("(?:href|src)=\"([^\"]*/t/[oc]/[^\"]+)\"")]
    private static partial Regex TrackedUrl();
}
