using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;
using static SendGateway.IntegrationTests.Infrastructure.MisbehavingMx;

namespace SendGateway.IntegrationTests.Faults;

/// <summary>
/// What a remote MX answers, or how slowly, during the transaction (reliability.md T61, T62, T66, T67, T68, T70), each on
/// a <see cref="RawMx"/> routed to its own domain. The timeouts are scaled down: 5 s per command up to RCPT, 10 s for
/// DATA and the reply to the dot, 10 s for the whole attempt.
/// </summary>
[TestFixture]
public sealed class MxReplyFaultsTests
{
    private static readonly TimeSpan ReplyDelay = TimeSpan.FromSeconds(3);

    private readonly Dictionary<string, RawMx> _mx = new()
    {
        // T61: the first connection closes after the dot, before any reply; later ones behave.
        ["drop-after-dot"] = Once(MxStep.AfterDot, c =>
        {
            c.Close();
            return Task.CompletedTask;
        }),
        // T62: the reply to the dot comes after 7 s, longer than the command timeout (5 s), within the DATA timeout (10 s).
        ["slow-dot"] = Always(MxStep.AfterDot, async c =>
        {
            await Task.Delay(TimeSpan.FromSeconds(7));
            await c.WriteAsync("250 2.0.0 Ok: queued");
        }),
        // T66: 552 to RCPT once (RFC 5321 §4.5.3.1.10: to be treated as 452).
        ["rcpt552"] = Once(MxStep.Rcpt, Reply("552 5.2.2 Mailbox full, try again later")),
        // T67: a temporary refusal of the message after the dot, once.
        ["dot451"] = Once(MxStep.AfterDot, Reply("451 4.3.0 Error: queue file write error")),
        ["dot452"] = Once(MxStep.AfterDot, Reply("452 4.3.1 Insufficient system storage")),
        // T68: the message refused for its size after the dot, every time.
        ["dot552"] = Always(MxStep.AfterDot, Reply("552 5.3.4 Message size exceeds fixed limit")),
        // T70: every reply in time (3 s each to MAIL, RCPT, DATA and the dot, of the 5 s command timeout), 12 s together:
        // over the attempt's 10 s.
        ["tarpit-each-in-time"] = new RawMx(async (c, _) =>
        {
            await c.WriteAsync("220 tarpit.mx.test ESMTP");
            while (await c.ReadLineAsync() is { } line)
            {
                switch (line.Split(' ', 2)[0].ToUpperInvariant())
                {
                    case "MAIL" or "RCPT":
                        await Task.Delay(ReplyDelay);
                        await c.WriteAsync("250 2.1.0 Ok");
                        break;
                    case "DATA":
                        await Task.Delay(ReplyDelay);
                        await c.WriteAsync("354 go ahead");
                        c.Owner.Received.Enqueue(await c.ReadDataAsync());
                        await Task.Delay(ReplyDelay);
                        await c.WriteAsync("250 2.0.0 Ok: queued");
                        break;
                    case "QUIT":
                        await c.WriteAsync("221 bye");
                        return;
                    default:
                        await c.WriteAsync("250 tarpit.mx.test");
                        break;
                }
            }
        }),
    };

    private SendGatewayFactory _factory = null!;
    private TestTenant _tenant = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var settings = _mx.ToDictionary(m => $"SendGateway:Delivery:Routes:{m.Key}.replies.test", m => (string?)$"127.0.0.1:{m.Value.Port}");
        settings["SendGateway:Delivery:ConnectTimeout"] = "00:00:04";
        settings["SendGateway:Delivery:CommandTimeout"] = "00:00:05";
        settings["SendGateway:Delivery:DataTimeout"] = "00:00:10";
        settings["SendGateway:Delivery:AttemptTimeout"] = "00:00:10";
        _factory = new SendGatewayFactory(settings: settings);
        _tenant = await _factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(_tenant, "replies-sender.test");
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

    [Test]
    public async Task T61AConnectionLostAfterTheWholeMessageMarksTheAttemptAPossibleDuplicate()
    {
        var message = await _tenant.WaitForStatusAsync(await SendAsync("drop-after-dot"), "ok", seconds: 60);
        var events = Events(message);
        Assert.That(events.Select(Type), Is.EqualTo(new[] { "injected", "softbounce", "ok" }), message.ToString());
        Assert.That(PossibleDuplicate(events[1]), Is.True, events[1].ToString());
        Assert.That(PossibleDuplicate(events[2]), Is.False, "only the attempt lost after the dot is marked");
        Assert.That(_mx["drop-after-dot"].Received, Has.Count.EqualTo(2), "the copy taken before the drop, and the retry's");
    }

    [Test]
    public async Task T62TheReplyToTheDotIsWaitedForBeyondTheCommandTimeoutAndNotRetriedEarly()
    {
        var message = await _tenant.WaitForStatusAsync(await SendAsync("slow-dot"), "ok", seconds: 60);
        Assert.That(Events(message).Select(Type), Is.EqualTo(new[] { "injected", "ok" }), message.ToString());
        Assert.That(_mx["slow-dot"].Received, Has.Count.EqualTo(1), "exactly one copy");
        Assert.That(_mx["slow-dot"].Connections, Is.EqualTo(1), "no early retry");
    }

    [Test]
    public async Task T66A552ToRcptIsTemporaryAndTheRetryDelivers()
    {
        var message = await _tenant.WaitForStatusAsync(await SendAsync("rcpt552"), "ok", seconds: 60);
        var events = Events(message);
        Assert.That(events.Select(Type), Is.EqualTo(new[] { "injected", "softbounce", "ok" }), message.ToString());
        Assert.That(events[1].GetProperty("smtp").GetProperty("code").GetInt32(), Is.EqualTo(552));
        Assert.That(_mx["rcpt552"].Received, Has.Count.EqualTo(1), "delivered once");
    }

    [TestCase("dot451", 451, "4.3.0")]
    [TestCase("dot452", 452, "4.3.1")]
    public async Task T67ATemporaryRefusalAfterTheDotIsASoftBounceThenDelivered(string mx, int code, string enhanced)
    {
        var message = await _tenant.WaitForStatusAsync(await SendAsync(mx), "ok", seconds: 60);
        var events = Events(message);
        Assert.That(events.Select(Type), Is.EqualTo(new[] { "injected", "softbounce", "ok" }), message.ToString());
        Assert.That(events[1].GetProperty("smtp").GetProperty("code").GetInt32(), Is.EqualTo(code));
        Assert.That(events[1].GetProperty("smtp").GetProperty("enhanced_code").GetString(), Is.EqualTo(enhanced));
        Assert.That(_mx[mx].Connections, Is.EqualTo(2), "one retry");
    }

    [Test]
    public async Task T68A552TooBigAfterTheDotIsAHardBounceWithoutRetry()
    {
        var message = await _tenant.WaitForStatusAsync(await SendAsync("dot552"), "hardbounce", seconds: 60);
        var events = Events(message);
        Assert.That(events.Select(Type), Is.EqualTo(new[] { "injected", "hardbounce" }), message.ToString());
        Assert.That(events[1].GetProperty("bounce").GetProperty("class").GetString(), Is.EqualTo("MessageTooLarge"));
        Assert.That(events[1].GetProperty("smtp").GetProperty("enhanced_code").GetString(), Is.EqualTo("5.3.4"));
        Assert.That(_mx["dot552"].Connections, Is.EqualTo(1), "no retry");
    }

    [Test]
    public async Task T70RepliesEachInTimeStillEndTheAttemptAtItsDeadline()
    {
        var message = await _tenant.WaitForStatusAsync(await SendAsync("tarpit-each-in-time"), "softbounce", seconds: 60);
        var first = Events(message)[1];
        Assert.That(first.GetProperty("bounce").GetProperty("class").GetString(), Is.EqualTo("BadConnection"), first.ToString());
        Assert.That(first.GetProperty("smtp").GetProperty("response").GetString(), Does.Contain("Timed out"), first.ToString());
        Assert.That(first.GetProperty("smtp").GetProperty("attempt").GetInt32(), Is.EqualTo(1));
    }

    private static bool PossibleDuplicate(JsonElement e) =>
        e.GetProperty("smtp").TryGetProperty("possible_duplicate", out var mark) && mark.ValueKind == JsonValueKind.True;

    private static string Type(JsonElement e) => e.GetProperty("type").GetString()!;

    private static List<JsonElement> Events(JsonElement message) => [.. message.GetProperty("events").EnumerateArray()];

    private async Task<string> SendAsync(string mx)
    {
        using var response = await _tenant.SendAsync(new
        {
            from = new { email = "a@replies-sender.test" }, to = new[] { new { email = $"rcpt-{Guid.NewGuid():N}@{mx}.replies.test" } }, subject = "s", text = "t",
        });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;
    }
}
