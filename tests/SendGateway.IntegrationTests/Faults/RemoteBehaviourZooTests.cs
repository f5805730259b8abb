using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;
using static SendGateway.IntegrationTests.Infrastructure.MisbehavingMx;

namespace SendGateway.IntegrationTests.Faults;

/// <summary>
/// reliability.md T113: whatever a remote server replies or does at any step (any code, a 530 MailKit turns into an
/// exception, garbage, a close mid-reply, silence after the dot, a broken TLS handshake, slow replies), the message is
/// classified softbounce or hardbounce (or delivered), the event carries the reply or what happened to the connection,
/// and it never ends <c>dropped</c>. A temporary trick is played on the first connection only: the retry must deliver.
/// </summary>
[TestFixture]
public sealed class RemoteBehaviourZooTests
{
    private static readonly Dictionary<string, Behaviour> Zoo = new()
    {
        // The case: MailKit throws ServiceNotAuthenticatedException for a 530, at MAIL, RCPT or the dot.
        ["auth530-mail"] = new(() => Always(MxStep.Mail, Reply("530 5.7.0 Authentication required")), "hardbounce", ["530 5.7.0 Authentication required"], "hardbounce"),
        ["auth530-rcpt"] = new(() => Always(MxStep.Rcpt, Reply("530 5.7.0 Authentication required")), "hardbounce", ["530 5.7.0 Authentication required"], "hardbounce"),
        ["auth530-dot"] = new(() => Always(MxStep.AfterDot, Reply("530 5.7.0 Authentication required")), "hardbounce", ["530 5.7.0 Authentication required"], "hardbounce"),
        // Codes where they make no sense: never a delivery, never a permanent bounce.
        ["data250"] = new(() => Once(MxStep.Data, Reply("250 2.0.0 Ok")), "softbounce", ["Unexpected reply", "250 2.0.0 Ok"], "ok"),
        ["mail354"] = new(() => Once(MxStep.Mail, Reply("354 go on")), "softbounce", ["Unexpected reply", "354 go on"], "ok"),
        ["rcpt220"] = new(() => Once(MxStep.Rcpt, Reply("220 2.1.5 fine, I guess")), "ok", ["250 2.0.0 Ok: queued"], "ok"), // MailKit takes any 2xx to RCPT
        ["greeting250"] = new(() => Once(MxStep.Greeting, Reply("250 zoo.mx.test hello")), "softbounce", ["250 zoo.mx.test hello"], "ok"),
        ["rcpt600"] = new(() => Once(MxStep.Rcpt, Reply("600 6.0.0 from the future")), "softbounce", ["Unexpected reply", "600"], "ok"),
        // A 421 makes the destination rest (the throttle), so the retry is not waited for here.
        ["rcpt421-close"] = new(() => Once(MxStep.Rcpt, async c => { await c.WriteAsync("421 4.4.2 zoo.mx.test closing"); c.Close(); }), "softbounce", ["421 4.4.2 zoo.mx.test closing"], "softbounce"),
        ["rcpt450-long"] = new(() => Once(MxStep.Rcpt, Reply("450 4.2.0 " + new string('x', 3000))), "softbounce", ["450 4.2.0 xxxx"], "ok"),
        ["ehlo-helo502"] = new(() => Once(MxStep.Ehlo, Reply("502 5.5.1 Not implemented")), "softbounce", ["502"], "ok"),
        // Garbage and multi-line oddities.
        ["rcpt-garbage"] = new(() => Once(MxStep.Rcpt, Reply("what is this?")), "softbounce", ["Protocol error"], "ok"),
        ["mail-multiline-mismatch"] = new(() => Once(MxStep.Mail, Reply("250-2.1.0 first\r\n451 4.3.0 second")), "softbounce", ["Protocol error"], "ok"),
        ["greeting-binary"] = new(() => Once(MxStep.Greeting, c => c.WriteRawAsync([0x00, 0xff, 0xfe, 0x0d, 0x0a])), "softbounce", ["Protocol error"], "ok"),
        // Connection behaviour: closes mid-reply, silence after the dot.
        ["greeting-close-mid-reply"] = new(() => Once(MxStep.Greeting, CloseAfter("220-zoo.mx.test")), "softbounce", ["disconnected"], "ok"),
        ["data-close-mid-reply"] = new(() => Once(MxStep.Data, CloseAfter("354-go")), "softbounce", ["disconnected"], "ok"),
        ["dot-close-mid-reply"] = new(() => Once(MxStep.AfterDot, CloseAfter("250 2.0.0 Ok: que")), "softbounce", ["disconnected"], "ok"),
        ["dot-silence"] = new(() => Once(MxStep.AfterDot, Silence), "softbounce", ["Timed out"], "ok"),
        // TLS and timing that must still deliver.
        ["starttls-broken-handshake"] = new(() => Always(MxStep.StartTls, BrokenTls, startTls: true), "ok", ["250"], "ok"),
        ["starttls454"] = new(() => Always(MxStep.StartTls, Reply("454 4.7.0 TLS not available"), startTls: true), "ok", ["250"], "ok"),
        ["dot251"] = new(() => Always(MxStep.AfterDot, Reply("251 2.0.0 Accepted, will forward")), "ok", ["251 2.0.0 Accepted"], "ok"),
        ["drip"] = new(() => Dripping(TimeSpan.FromMilliseconds(10)), "ok", ["250 2.0.0 Ok: queued"], "ok"),
    };

    private readonly Dictionary<string, RawMx> _mx = [];
    private SendGatewayFactory _factory = null!;
    private TestTenant _tenant = null!;

    public static IEnumerable<string> Behaviours => Zoo.Keys;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        foreach (var (name, behaviour) in Zoo)
        {
            _mx[name] = behaviour.Start();
        }

        var settings = _mx.ToDictionary(m => $"SendGateway:Delivery:Routes:{m.Key}.zoo.test", m => (string?)$"127.0.0.1:{m.Value.Port}");
        settings["SendGateway:Delivery:ConnectTimeout"] = "00:00:04";
        settings["SendGateway:Delivery:CommandTimeout"] = "00:00:02";
        settings["SendGateway:Delivery:DataTimeout"] = "00:00:02"; // dot-silence ends by it
        _factory = new SendGatewayFactory(settings: settings);
        _tenant = await _factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(_tenant, "zoo-sender.test");
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _tenant.Dispose();
        await _factory.DisposeAsync();
        foreach (var mx in _mx.Values)
        {
            await mx.DisposeAsync();
        }
    }

    [TestCaseSource(nameof(Behaviours))]
    public async Task IsClassifiedWithTheReplyOrWhatHappenedAndNeverDropped(string name)
    {
        var behaviour = Zoo[name];
        using var response = await _tenant.SendAsync(new { from = new { email = "a@zoo-sender.test" }, to = new[] { new { email = $"rcpt@{name}.zoo.test" } }, subject = "s", text = "t" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;

        var message = await _tenant.WaitForStatusAsync(id, behaviour.FinalStatus, seconds: 90);
        var events = message.GetProperty("events").EnumerateArray().ToList();
        Assert.That(events.Select(e => e.GetProperty("type").GetString()), Does.Not.Contain("dropped"), message.ToString());
        var first = events.First(e => e.GetProperty("type").GetString() != "injected");
        Assert.That(first.GetProperty("type").GetString(), Is.EqualTo(behaviour.FirstType), message.ToString());
        var smtp = first.GetProperty("smtp").GetProperty("response").GetString();
        foreach (var fragment in behaviour.Carries)
        {
            Assert.That(smtp, Does.Contain(fragment).IgnoreCase, first.ToString());
        }
    }

    /// <summary>A zoo member: its server, the first outcome's type, what that event's SMTP response must say, the message's last status.</summary>
    private sealed record Behaviour(Func<RawMx> Start, string FirstType, string[] Carries, string FinalStatus);
}
