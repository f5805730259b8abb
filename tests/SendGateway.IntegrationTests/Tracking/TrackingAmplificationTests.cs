using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.Server.Tracking;

namespace SendGateway.IntegrationTests.Tracking;

/// <summary>
/// The public endpoints cannot be turned into amplifiers (issue 32 §6), on a real Kestrel behind a trusted proxy's
/// X-Forwarded-For (each test speaks from its own address): a burst of hits of one token is one event, an address
/// over its unsubscribe limit gets 429, and an expired token still answers but records nothing.
/// </summary>
[TestFixture]
public sealed partial class TrackingAmplificationTests
{
    private const string Domain = "amplify-acme.test";
    private SendGatewayFactory _factory = null!;
    private TestTenant _tenant = null!;
    private HttpClient _public = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _factory = new SendGatewayFactory("api,relay,delivery,events", new Dictionary<string, string?>
        {
            ["SendGateway:Tracking:TrustedProxies:0"] = "127.0.0.1",
            ["SendGateway:Tracking:PrefetchWindow"] = "00:00:00",
            ["SendGateway:Tracking:PublicLimitWindow"] = "01:00:00", // no window turns during a test, however slow the machine
            ["SendGateway:Tracking:MaxUnsubscribesPerAddress"] = "3",
        });
        _factory.StartServer();
        _tenant = await _factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(_tenant, Domain);
        (await _tenant.Client.PutAsJsonAsync("/v1/settings", new { tracking_store_user_agent = true })).EnsureSuccessStatusCode(); // tells the events apart
        _public = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri($"http://127.0.0.1:{_factory.HttpPort}") };
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _public.Dispose();
        _tenant.Dispose();
        await _factory.DisposeAsync();
    }

    [Test]
    public async Task OneOpenLinkHit150TimesInABurstIsOneOpenAndEveryHitGetsThePixel()
    {
        var (messageId, pixel, click, _, _) = await SendTrackedAsync("burst");

        var hits = await Task.WhenAll(Enumerable.Range(0, 150).Select(i => SendAsync(HttpMethod.Get, i % 10 == 9 ? pixel + "%20" : pixel, "198.51.100.150")));
        Assert.That(hits.Select(h => h.StatusCode), Is.All.EqualTo(HttpStatusCode.OK), "a spelling with a space decodes to the same token, and is the same token");
        Assert.That(hits.Select(h => h.Content.Headers.ContentType?.MediaType), Is.All.EqualTo("image/gif"));

        // A later event of the same copy goes to the same shard stream, so it is stored after every open the burst made.
        Assert.That((await SendAsync(HttpMethod.Get, click, "198.51.100.150")).StatusCode, Is.EqualTo(HttpStatusCode.Found));
        Assert.That(await EventsAsync(messageId, "click", 1), Has.Length.EqualTo(1));
        Assert.That(await EventsAsync(messageId, "open", 1), Has.Length.EqualTo(1), "150 hits within the repeat window: one open");
    }

    [Test]
    public async Task AnAddressOverItsUnsubscribeLimitGets429WithRetryAfterAndOtherAddressesDoNot()
    {
        var (_, _, _, page, _) = await SendTrackedAsync("limit");

        for (var i = 0; i < 3; i++)
        {
            Assert.That((await SendAsync(HttpMethod.Get, page, "203.0.113.31")).StatusCode, Is.EqualTo(HttpStatusCode.OK), $"page {i + 1} of 3");
        }

        var page4 = await SendAsync(HttpMethod.Get, page, "203.0.113.31");
        Assert.That(page4.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(page4.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero));
        var post = await SendAsync(HttpMethod.Post, page, "203.0.113.31", OneClick());
        Assert.That(post.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests), "the one-click POST counts with the page");
        Assert.That(post.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero));
        Assert.That((await SendAsync(HttpMethod.Get, page, "203.0.113.32")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "another address is not limited");
    }

    [Test]
    public async Task AnExpiredTokenStillRedirectsAndServesThePixelButRecordsNothing()
    {
        var (messageId, pixel, click, page, rcpt) = await SendTrackedAsync("expired");

        var redirect = await SendAsync(HttpMethod.Get, Expired(click), "192.0.2.61");
        Assert.That(redirect.StatusCode, Is.EqualTo(HttpStatusCode.Found));
        Assert.That(redirect.Headers.Location!.OriginalString, Is.EqualTo("https://acme.test/go?x=1"));
        var image = await SendAsync(HttpMethod.Get, Expired(pixel), "192.0.2.61");
        Assert.That(image.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(image.Content.Headers.ContentType?.MediaType, Is.EqualTo("image/gif"));
        var expiredPage = await SendAsync(HttpMethod.Get, Expired(page), "192.0.2.61");
        Assert.That(expiredPage.StatusCode, Is.EqualTo(HttpStatusCode.Gone));
        Assert.That(await expiredPage.Content.ReadAsStringAsync(), Does.Contain("This link has expired"));
        Assert.That((await SendAsync(HttpMethod.Post, Expired(page), "192.0.2.61", OneClick())).StatusCode, Is.EqualTo(HttpStatusCode.Gone), "an old mail's one-click records nothing");

        // The fresh click, told apart by its User-Agent, is stored after anything the expired hits could have recorded (same shard stream).
        Assert.That((await SendAsync(HttpMethod.Get, click, "192.0.2.61", userAgent: Fresh)).StatusCode, Is.EqualTo(HttpStatusCode.Found));
        var clicks = await Polling.UntilAsync(
            () => EventsAsync(messageId, "click", 0), e => e.Any(c => c.GetProperty("user_agent").GetString() == Fresh), TimeSpan.FromSeconds(60));
        Assert.That(clicks.Select(c => c.GetProperty("user_agent").GetString()), Is.EqualTo(new[] { Fresh }), "only the fresh click");
        Assert.That(await EventsAsync(messageId, "open", 0), Is.Empty);
        Assert.That(await EventsAsync(messageId, "unsubscribe", 0), Is.Empty);
        Assert.That((await _tenant.Client.GetAsync($"/v1/suppressions/{Uri.EscapeDataString(rcpt)}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    /// <summary>The same link, signed by the server's own keys, for a copy sent 366 days ago (Tracking:TokenLifetime is a year).</summary>
    private string Expired(string path)
    {
        var tokens = _factory.Services.GetRequiredService<TrackingTokens>();
        var slash = path.LastIndexOf('/');
        var token = tokens.Read(path[(slash + 1)..], 8192)!;
        return path[..(slash + 1)] + tokens.Create(token with { SentAt = DateTimeOffset.UtcNow.AddDays(-366) });
    }

    private async Task<(string MessageId, string Pixel, string Click, string Page, string Recipient)> SendTrackedAsync(string local)
    {
        var rcpt = $"{local}-{Guid.NewGuid():N}@mx-ok.test";
        var send = await _tenant.SendAsync(new
        {
            from = new { email = $"news@{Domain}" }, to = new[] { new { email = rcpt } }, subject = "Amplify", stream = "broadcast",
            html = "<p><a href=\"https://acme.test/go?x=1\">go</a></p>", tracking = new { opens = true, clicks = true },
        });
        Assert.That(send.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await send.Content.ReadAsStringAsync());
        var messageId = (await send.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;
        await _tenant.WaitForStatusAsync(messageId, "ok");
        var copy = TestEnvironment.Mx1.For(rcpt).Single().Parse();
        var urls = TrackedUrl().Matches(copy.HtmlBody!).Select(m => new Uri(WebUtility.HtmlDecode(m.Groups[1].Value)).PathAndQuery).ToList();
        var page = new Uri(copy.Headers[HeaderId.ListUnsubscribe]!.Split(", ")[0].Trim('<', '>')).PathAndQuery;
        return (messageId, urls.Single(u => u.StartsWith("/t/o/", StringComparison.Ordinal)), urls.Single(u => u.StartsWith("/t/c/", StringComparison.Ordinal)), page, rcpt);
    }

    private const string Fresh = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string client, HttpContent? content = null, string? userAgent = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", client);
        request.Headers.TryAddWithoutValidation("User-Agent", userAgent ?? "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36");
        var response = await _public.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    private async Task<JsonElement[]> EventsAsync(string messageId, string type, int count) =>
        await Polling.UntilAsync(
            async () => (await _tenant.Client.GetFromJsonAsync<JsonElement>($"/v1/events?message_id={messageId}&type={type}")).GetProperty("data").EnumerateArray().ToArray(),
            e => e.Length >= count, TimeSpan.FromSeconds(60));

    private static FormUrlEncodedContent OneClick() => new([new KeyValuePair<string, string>("List-Unsubscribe", "One-Click")]);

    [GeneratedRegex("(?:href|src)=\"([^\"]*/t/[oc]/[^\"]+)\"")]
    private static partial Regex TrackedUrl();
}
