using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Faults;

/// <summary>
/// The outbound MX misbehaving (reliability.md T61, T64, T69, T70, T73, T75, T76), each on a <see cref="RawMx"/> routed
/// to its own domain. One recipient per transaction, so T65 (mixed RCPT results in one transaction) cannot arise.
/// </summary>
[TestFixture]
public sealed class MxMisbehaviourTests
{
    private readonly Dictionary<string, RawMx> _mx = new()
    {
        // T61: the first connection closes after the dot, before any reply; later ones behave.
        ["drop-after-dot.test"] = new RawMx(async (c, n) =>
        {
            if (n > 0)
            {
                await RawMx.ServeAsync(c);
                return;
            }

            await RawMx.ServeAsync(c, afterData: x =>
            {
                x.Close();
                return Task.CompletedTask;
            });
        }),
        // T64: a 5xx greeting on the only MX.
        ["greet554.test"] = new RawMx(async (c, _) => await c.WriteAsync("554 5.7.1 raw.mx.test no service for you")),
        // T69: 550 at MAIL FROM.
        ["mail550.test"] = new RawMx(async (c, _) =>
            await RawMx.ServeAsync(c, onCommand: line => line.StartsWith("MAIL", StringComparison.OrdinalIgnoreCase) ? "550 5.1.8 Sender address rejected: Domain not found" : null)),
        // T70: a tarpit that accepts the connection and never greets.
        ["tarpit.test"] = new RawMx(async (_, _) => await Task.Delay(Timeout.Infinite)),
        // T73: STARTTLS advertised, then answered 454.
        ["starttls454.test"] = new RawMx(async (c, _) =>
            await RawMx.ServeAsync(c, ehloExtra: "STARTTLS", onCommand: line => line.StartsWith("STARTTLS", StringComparison.OrdinalIgnoreCase) ? "454 4.7.0 TLS not available" : null)),
        // T75: a greeting that is not SMTP, then a multi-line greeting that never ends, then a correct server.
        ["garbage.test"] = new RawMx(async (c, n) =>
        {
            switch (n)
            {
                case 0:
                    await c.WriteAsync("hello, this is not SMTP at all");
                    await Task.Delay(Timeout.Infinite);
                    break;
                case 1:
                    while (true)
                    {
                        await c.WriteAsync("220-" + new string('x', 400));
                    }

                default:
                    await RawMx.ServeAsync(c);
                    break;
            }
        }),
        // T76: 250 to the dot, then an immediate reset.
        ["rst-after-250.test"] = new RawMx(async (c, _) => await RawMx.ServeAsync(c, afterData: async x =>
        {
            await x.WriteAsync("250 2.0.0 Ok: queued");
            x.Reset();
        })),
    };

    private readonly CapturingLoggerProvider _logs = new();
    private SendGatewayFactory _factory = null!;
    private TestTenant _tenant = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var settings = _mx.ToDictionary(m => $"SendGateway:Delivery:Routes:{m.Key}", m => (string?)$"127.0.0.1:{m.Value.Port}");
        // The connect deadline above MailKit's own command timeout: a tarpit then always ends in MailKit's TimeoutException (T70).
        settings["SendGateway:Delivery:ConnectTimeout"] = "00:00:04";
        settings["SendGateway:Delivery:CommandTimeout"] = "00:00:02";
        _factory = new SendGatewayFactory(settings: settings, logs: _logs);
        _tenant = await _factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(_tenant, "misbehave.test");
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
    public async Task T61AConnectionDroppedAfterTheDotIsRetriedAndDeliveredWithOneDuplicateAtMost()
    {
        var id = await SendAsync("drop-after-dot.test");
        var message = await _tenant.WaitForStatusAsync(id, "ok");
        Assert.That(Types(message), Is.EqualTo(new[] { "injected", "softbounce", "ok" }));
        Assert.That(_mx["drop-after-dot.test"].Received, Has.Count.EqualTo(2), "the copy taken before the drop, and the retry's: one duplicate, no more");
        Assert.That(_mx["drop-after-dot.test"].Connections, Is.EqualTo(2), "one retry after the drop");
    }

    [Test]
    public async Task T64AFiveHundredGreetingOnTheOnlyMxIsTemporary()
    {
        var id = await SendAsync("greet554.test");
        var connections = await Polling.UntilAsync(() => Task.FromResult(_mx["greet554.test"].Connections), n => n >= 3, TimeSpan.FromSeconds(30));
        Assert.That(connections, Is.GreaterThanOrEqualTo(3), "the refused greeting was tried again, twice at least");
        var message = await _tenant.WaitForStatusAsync(id, "softbounce");
        Assert.That(Types(message).Skip(1), Is.Not.Empty.And.All.EqualTo("softbounce"), "retried, never bounced on a greeting alone");
        Assert.That(message.ToString(), Does.Contain("554"));
    }

    [Test]
    public async Task T69AFiveFiftyAtMailFromIsAHardBounce()
    {
        var message = await _tenant.WaitForStatusAsync(await SendAsync("mail550.test"), "hardbounce");
        Assert.That(message.ToString(), Does.Contain("5.1.8"));
    }

    [Test]
    public async Task T70ATarpitTimesOutWhileOtherDestinationsFlow()
    {
        var tarpitted = await SendAsync("tarpit.test");
        var other = await SendAsync("mx-ok.test", $"flow-{Guid.NewGuid():N}");
        await _tenant.WaitForStatusAsync(other, "ok", seconds: 10);
        try
        {
            var message = await _tenant.WaitForStatusAsync(tarpitted, "softbounce");
            Assert.That(message.ToString(), Does.Contain("timed out"));
        }
        finally
        {
            foreach (var line in _logs.Lines.Where(l => l.Contains(tarpitted, StringComparison.Ordinal) || l.Contains("Delivery", StringComparison.Ordinal)))
            {
                await TestContext.Out.WriteLineAsync(line);
            }
        }
    }

    [Test]
    public async Task T73StartTlsAnswered454IsDeliveredInPlainText()
    {
        var message = await _tenant.WaitForStatusAsync(await SendAsync("starttls454.test"), "ok");
        var ok = message.GetProperty("events").EnumerateArray().Last();
        Assert.That(ok.GetProperty("smtp").GetProperty("tls").GetBoolean(), Is.False, ok.ToString());
        Assert.That(_mx["starttls454.test"].Received, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task T75GarbageAndEndlessRepliesAreTemporaryThenDelivered()
    {
        var message = await _tenant.WaitForStatusAsync(await SendAsync("garbage.test"), "ok");
        Assert.That(Types(message), Is.EqualTo(new[] { "injected", "softbounce", "softbounce", "ok" }));
    }

    [Test]
    public async Task T76TwoHundredFiftyThenAResetCountsAsDeliveredOnce()
    {
        var message = await _tenant.WaitForStatusAsync(await SendAsync("rst-after-250.test"), "ok");
        Assert.That(Types(message), Is.EqualTo(new[] { "injected", "ok" }));
        Assert.That(_mx["rst-after-250.test"].Received, Has.Count.EqualTo(1), "exactly one copy");
    }

    private static string[] Types(JsonElement message) => [.. message.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()!)];

    private async Task<string> SendAsync(string domain, string local = "rcpt")
    {
        using var response = await _tenant.SendAsync(new { from = new { email = "a@misbehave.test" }, to = new[] { new { email = $"{local}@{domain}" } }, subject = "s", text = "t" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;
    }
}
