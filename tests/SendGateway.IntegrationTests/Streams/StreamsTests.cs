using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Streams;

/// <summary>
/// Message streams end to end: the <c>/v1/streams</c> API, the unsubscribe default by kind (none on transactional mail,
/// the headers on broadcast), an unsubscribe suppressing for its stream's kind only, the relay's <c>X-SG-Stream</c> and
/// the credentials' default stream, per-stream tracking, a webhook's streams filter and stats by stream.
/// </summary>
[TestFixture]
public sealed partial class StreamsTests
{
    private SendGatewayFactory _factory = null!;
    private HttpClient _public = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _factory = new SendGatewayFactory("api,relay,delivery,events", new Dictionary<string, string?>
        {
            ["SendGateway:Streams:CacheTime"] = "00:00:00", // a changed stream applies to the next send at once
        });
        _factory.StartServer();
        _public = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri($"http://127.0.0.1:{_factory.HttpPort}") };
        await Task.CompletedTask;
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _public.Dispose();
        await _factory.DisposeAsync();
    }

    private async Task<(TestTenant Tenant, string Domain)> TenantAsync(string prefix)
    {
        var tenant = await _factory.CreateTenantAsync();
        var domain = $"{prefix}-{Guid.NewGuid():N}"[..16] + ".test";
        await SendGatewayFactory.AddDomainAsync(tenant, domain);
        return (tenant, domain);
    }

    private static async Task<string> SendAsync(TestTenant tenant, string domain, string rcpt, string? stream, object? tracking = null, bool? unsubscribe = null)
    {
        var send = await tenant.SendAsync(new
        {
            from = new { email = $"news@{domain}" }, to = new[] { new { email = rcpt } }, subject = "Streams", html = "<p>Hello <a href=\"https://acme.test/x\">x</a></p>",
            stream, tracking, unsubscribe,
        });
        Assert.That(send.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await send.Content.ReadAsStringAsync());
        return (await send.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;
    }

    private static string Rcpt(string local) => $"{local}-{Guid.NewGuid():N}@mx-ok.test";

    [Test]
    public async Task TheStreamsApiListsTheBuiltInStreamsCreatesChangesAndDeletesOwnOnesAndRefusesWhatIsNotValid()
    {
        var (tenant, domain) = await TenantAsync("api");
        using var _ = tenant;
        var list = await tenant.Client.GetFromJsonAsync<JsonElement>("/v1/streams");
        Assert.That(list.GetProperty("data").EnumerateArray().Select(s => (s.GetProperty("id").GetString(), s.GetProperty("kind").GetString(), s.GetProperty("built_in").GetBoolean())),
            Is.EqualTo(new[] { ("transactional", "transactional", true), ("broadcast", "broadcast", true) }));

        var created = await tenant.Client.PostAsJsonAsync("/v1/streams", new { id = "newsletter", name = "Newsletter", kind = "broadcast", track_opens = true });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        Assert.That(created.Headers.Location!.ToString(), Is.EqualTo("/v1/streams/newsletter"));
        Assert.That((await tenant.Client.PostAsJsonAsync("/v1/streams", new { id = "newsletter", name = "Again", kind = "broadcast" })).StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That((await tenant.Client.PostAsJsonAsync("/v1/streams", new { id = "broadcast", name = "Mine", kind = "broadcast" })).StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        var invalid = await tenant.Client.PostAsJsonAsync("/v1/streams", new { id = "Bad Id!", name = "", kind = "marketing", unsubscribe = "sometimes", ip_pool = "nope" });
        Assert.That(invalid.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        var errors = (await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.That(errors.EnumerateObject().Select(e => e.Name), Is.EquivalentTo(new[] { "id", "name", "kind", "unsubscribe", "ip_pool" }));

        var patched = await tenant.Client.PatchAsJsonAsync("/v1/streams/newsletter", new { name = "Weekly news", unsubscribe = "header_and_footer", tracking_default = true });
        Assert.That(patched.StatusCode, Is.EqualTo(HttpStatusCode.OK), await patched.Content.ReadAsStringAsync());
        var weekly = await patched.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(weekly.GetProperty("name").GetString(), Is.EqualTo("Weekly news"));
        Assert.That(weekly.GetProperty("unsubscribe").GetString(), Is.EqualTo("header_and_footer"));
        Assert.That(weekly.GetProperty("track_opens").ValueKind, Is.EqualTo(JsonValueKind.Null), "tracking_default: back to the account's settings");
        Assert.That(weekly.GetProperty("kind").GetString(), Is.EqualTo("broadcast"));
        Assert.That((await tenant.Client.PatchAsJsonAsync("/v1/streams/transactional", new { unsubscribe = "header" })).StatusCode, Is.EqualTo(HttpStatusCode.OK), "a built-in stream can be changed");
        Assert.That((await tenant.Client.PatchAsJsonAsync("/v1/streams/nothing", new { name = "x" })).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));

        Assert.That((await tenant.Client.DeleteAsync("/v1/streams/transactional")).StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        var unknown = await tenant.SendAsync(new { from = new { email = $"a@{domain}" }, to = new[] { new { email = Rcpt("unknown") } }, subject = "s", text = "t", stream = "gone" });
        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That((await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("stream").GetArrayLength(), Is.EqualTo(1));
        Assert.That((await tenant.Client.DeleteAsync("/v1/streams/newsletter")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That((await tenant.Client.GetAsync("/v1/streams/newsletter")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));

        // Another tenant sees neither the stream nor can send on it.
        var (other, otherDomain) = await TenantAsync("other");
        using var __ = other;
        Assert.That((await tenant.Client.PostAsJsonAsync("/v1/streams", new { id = "private", name = "Private", kind = "transactional" })).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((await other.Client.GetAsync("/v1/streams/private")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        var foreign = await other.SendAsync(new { from = new { email = $"a@{otherDomain}" }, to = new[] { new { email = Rcpt("foreign") } }, subject = "s", text = "t", stream = "private" });
        Assert.That(foreign.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
    }

    [Test]
    public async Task TransactionalMailHasNoUnsubscribeHeadersBroadcastHasThemAndAnUnsubscribeStopsOnlyItsKind()
    {
        var (tenant, domain) = await TenantAsync("kinds");
        using var _ = tenant;
        Assert.That((await tenant.Client.GetFromJsonAsync<JsonElement>("/v1/settings")).GetProperty("stream_defaults").GetBoolean(), Is.True, "a new tenant uses the stream defaults");
        (await tenant.Client.PostAsJsonAsync("/v1/streams", new { id = "promos", name = "Promotions", kind = "broadcast" })).EnsureSuccessStatusCode();
        var rcpt = Rcpt("reader");

        var reset = await SendAsync(tenant, domain, rcpt, null);
        var resetView = await tenant.WaitForStatusAsync(reset, "ok");
        Assert.That(resetView.GetProperty("stream").GetString(), Is.EqualTo("transactional"));
        var news = await SendAsync(tenant, domain, rcpt, "broadcast");
        Assert.That((await tenant.WaitForStatusAsync(news, "ok")).GetProperty("stream").GetString(), Is.EqualTo("broadcast"));
        var copies = TestEnvironment.Mx1.For(rcpt).Select(m => m.Parse()).ToList();
        Assert.That(copies, Has.Count.EqualTo(2));
        var transactional = copies.Single(c => c.MessageId is not null && !c.Headers.Contains(HeaderId.ListUnsubscribe));
        var broadcast = copies.Single(c => c.Headers.Contains(HeaderId.ListUnsubscribe));
        Assert.That(transactional, Is.Not.SameAs(broadcast));
        Assert.That(broadcast.Headers["List-Unsubscribe-Post"], Is.EqualTo("List-Unsubscribe=One-Click"));

        // One-click unsubscribe from the broadcast copy.
        var page = new Uri(broadcast.Headers[HeaderId.ListUnsubscribe]!.Split(", ")[0].Trim('<', '>')).PathAndQuery;
        Assert.That((await _public.PostAsync(page, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]))).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var listed = await Polling.UntilAsync(
            async () => await tenant.Client.GetAsync($"/v1/suppressions/{Uri.EscapeDataString(rcpt)}"), r => r.IsSuccessStatusCode, TimeSpan.FromSeconds(30));
        var entry = await listed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(entry.GetProperty("reason").GetString(), Is.EqualTo("unsubscribe"));
        Assert.That(entry.GetProperty("scope").GetString(), Is.EqualTo("broadcast"));
        var unsubscribeEvent = (await tenant.Client.GetFromJsonAsync<JsonElement>($"/v1/events?message_id={news}&type=unsubscribe")).GetProperty("data")[0];
        Assert.That(unsubscribeEvent.GetProperty("stream").GetString(), Is.EqualTo("broadcast"), "the tracked event carries its message's stream");

        // The next password reset still goes; broadcast mail of any broadcast stream is dropped.
        var second = await SendAsync(tenant, domain, rcpt, "transactional");
        await tenant.WaitForStatusAsync(second, "ok");
        foreach (var stream in new[] { "broadcast", "promos" })
        {
            var dropped = await tenant.WaitForStatusAsync(await SendAsync(tenant, domain, rcpt, stream), "dropped");
            Assert.That(dropped.GetProperty("events")[0].GetProperty("reason").GetString(), Is.EqualTo("suppressed"), stream);
        }

        // An unsubscribe from transactional mail too (a message that asked for the headers) widens it to everything.
        var asked = await SendAsync(tenant, domain, rcpt, "transactional", unsubscribe: true);
        await tenant.WaitForStatusAsync(asked, "ok");
        var withHeader = TestEnvironment.Mx1.For(rcpt).Select(m => m.Parse()).Single(c => c.Headers.Contains(HeaderId.ListUnsubscribe) && c.Headers[HeaderId.ListUnsubscribe] != broadcast.Headers[HeaderId.ListUnsubscribe]);
        var secondPage = new Uri(withHeader.Headers[HeaderId.ListUnsubscribe]!.Split(", ")[0].Trim('<', '>')).PathAndQuery;
        Assert.That((await _public.PostAsync(secondPage, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]))).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await Polling.UntilAsync(
            async () => (await tenant.Client.GetFromJsonAsync<JsonElement>($"/v1/suppressions/{Uri.EscapeDataString(rcpt)}")).GetProperty("scope").ValueKind,
            kind => kind == JsonValueKind.Null, TimeSpan.FromSeconds(30));
        var last = await tenant.WaitForStatusAsync(await SendAsync(tenant, domain, rcpt, "transactional"), "dropped");
        Assert.That(last.GetProperty("events")[0].GetProperty("reason").GetString(), Is.EqualTo("suppressed"));
    }

    [Test]
    public async Task ATenantThatKeepsTheBehaviourFromBeforeStreamsGetsHeadersEverywhereAndOneSuppressionScope()
    {
        var (tenant, domain) = await TenantAsync("legacy");
        using var _ = tenant;
        (await tenant.Client.PutAsJsonAsync("/v1/settings", new { stream_defaults = false })).EnsureSuccessStatusCode();
        var rcpt = Rcpt("legacy");
        var id = await SendAsync(tenant, domain, rcpt, null);
        await tenant.WaitForStatusAsync(id, "ok");
        var copy = TestEnvironment.Mx1.For(rcpt).Single().Parse();
        Assert.That(copy.Headers.Contains(HeaderId.ListUnsubscribe), Is.True, "the tenant's unsubscribe setting (header) on transactional mail too");

        var page = new Uri(copy.Headers[HeaderId.ListUnsubscribe]!.Split(", ")[0].Trim('<', '>')).PathAndQuery;
        Assert.That((await _public.PostAsync(page, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]))).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var listed = await Polling.UntilAsync(
            async () => await tenant.Client.GetAsync($"/v1/suppressions/{Uri.EscapeDataString(rcpt)}"), r => r.IsSuccessStatusCode, TimeSpan.FromSeconds(30));
        Assert.That((await listed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("scope").ValueKind, Is.EqualTo(JsonValueKind.Null), "for everything");
        foreach (var stream in new[] { "transactional", "broadcast" })
        {
            await tenant.WaitForStatusAsync(await SendAsync(tenant, domain, rcpt, stream), "dropped");
        }
    }

    [GeneratedRegex("msg_[0-9A-Za-z]+")]
    private static partial Regex MessageIdPattern();

    private async Task<string> RelaySendAsync(string username, string password, string domain, string rcpt, string? streamHeader)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse($"app@{domain}"));
        message.To.Add(MailboxAddress.Parse(rcpt));
        message.Subject = "Relay stream";
        message.Body = new TextPart("plain") { Text = "Body" };
        if (streamHeader is not null)
        {
            message.Headers.Add("X-SG-Stream", streamHeader);
        }

        using var client = new SmtpClient { ServerCertificateValidationCallback = (_, _, _, _) => true, CheckCertificateRevocation = false };
        await client.ConnectAsync("127.0.0.1", _factory.SubmissionPort, SecureSocketOptions.StartTls);
        await client.AuthenticateAsync(username, password);
        try
        {
            return MessageIdPattern().Match(await client.SendAsync(message)).Value;
        }
        catch (SmtpCommandException e)
        {
            return $"{(int)e.StatusCode} {e.Message}";
        }
        finally
        {
            await client.DisconnectAsync(true);
        }
    }

    [Test]
    public async Task TheRelayTakesXSgStreamElseTheCredentialsDefaultStreamAndRefusesAnUnknownOne()
    {
        var (tenant, domain) = await TenantAsync("relay");
        using var _ = tenant;
        var bad = await tenant.Client.PostAsJsonAsync("/v1/smtp-credentials", new { name = "bad", default_stream = "nothing" });
        Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        var credential = await (await tenant.Client.PostAsJsonAsync("/v1/smtp-credentials", new { name = "newsletters", default_stream = "broadcast" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(credential.GetProperty("default_stream").GetString(), Is.EqualTo("broadcast"));
        var (user, password) = (credential.GetProperty("username").GetString()!, credential.GetProperty("password").GetString()!);

        var byDefault = Rcpt("relay-default");
        var id = await RelaySendAsync(user, password, domain, byDefault, null);
        Assert.That((await tenant.WaitForStatusAsync(id, "ok")).GetProperty("stream").GetString(), Is.EqualTo("broadcast"));
        Assert.That(TestEnvironment.Mx1.For(byDefault).Single().Parse().Headers.Contains(HeaderId.ListUnsubscribe), Is.True);

        var named = Rcpt("relay-named");
        id = await RelaySendAsync(user, password, domain, named, "transactional");
        Assert.That((await tenant.WaitForStatusAsync(id, "ok")).GetProperty("stream").GetString(), Is.EqualTo("transactional"));
        var copy = TestEnvironment.Mx1.For(named).Single().Parse();
        Assert.That(copy.Headers.Contains(HeaderId.ListUnsubscribe), Is.False);
        Assert.That(copy.Headers.Contains("X-SG-Stream"), Is.False, "the control header does not leave");

        Assert.That(await RelaySendAsync(user, password, domain, Rcpt("relay-unknown"), "nothing-here"), Does.StartWith("553"));
        Assert.That(await RelaySendAsync(user, password, domain, Rcpt("relay-invalid"), "Not A Stream"), Does.StartWith("554"));

        // Changing the default applies to the next login.
        var changed = await tenant.Client.PatchAsJsonAsync($"/v1/smtp-credentials/{credential.GetProperty("id").GetString()}", new { default_stream = (string?)null });
        Assert.That(changed.StatusCode, Is.EqualTo(HttpStatusCode.OK), await changed.Content.ReadAsStringAsync());
        var after = Rcpt("relay-after");
        id = await RelaySendAsync(user, password, domain, after, null);
        Assert.That((await tenant.WaitForStatusAsync(id, "ok")).GetProperty("stream").GetString(), Is.EqualTo("transactional"));
    }
}
