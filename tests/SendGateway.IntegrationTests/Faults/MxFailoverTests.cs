using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Faults;

/// <summary>
/// Destinations with several MX hosts found through the test DNS server, some or all of them failing (reliability.md T63,
/// T64, T71, T74, T79's 8-bit half); at most five addresses and two sessions per attempt (Postfix's smtp_mx_address_limit
/// and smtp_mx_session_limit): each MX is a <see cref="RawMx"/> on its own 127.0.0.x address, all on one port
/// (this fixture's SendGateway:Delivery:MxPort), so the service reaches them exactly as it reaches real MX hosts.
/// </summary>
[TestFixture]
public sealed class MxFailoverTests
{
    private const int MaxConnections = 2;
    private const int Fifty = 50;
    private const int Refusing = 5;
    private readonly Dictionary<string, RawMx> _mx = [];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _recovered = new();
    private int _inFlight;
    private int _maxInFlight;
    private SendGatewayFactory _factory = null!;
    private TestTenant _tenant = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var port = StartServers();
        var dns = TestEnvironment.Dns;
        foreach (var (domain, hosts) in new Dictionary<string, string[]>
        {
            ["greet421-first.failover.test"] = ["greet421", "ok"],
            ["greet421-all.failover.test"] = ["greet421-until-recovered", "greet421-until-recovered-b"],
            ["greet554-first.failover.test"] = ["greet554", "ok"],
            ["all-fail.failover.test"] = ["reset-until-recovered", "refused"],
            ["no8bit.failover.test"] = ["ok"],
            ["fifty.failover.test"] = [.. Enumerable.Range(0, Fifty).Select(i => $"fifty-{i}")],
            ["sessions.failover.test"] = ["session-0", "session-1", "session-2"],
        })
        {
            for (var i = 0; i < hosts.Length; i++)
            {
                dns.AddMx(domain, 10 * (i + 1), $"{hosts[i]}.{domain}");
                dns.AddA($"{hosts[i]}.{domain}", Address(hosts[i]).ToString());
            }
        }

        dns.SilenceName("dns-timeout.failover.test");
        _factory = new SendGatewayFactory(settings: new Dictionary<string, string?>
        {
            ["SendGateway:Delivery:MxPort"] = port.ToString(),
            ["SendGateway:Delivery:MaxConnectionsPerDestination"] = MaxConnections.ToString(),
            ["SendGateway:Delivery:Shaping:BackoffAfter421"] = "00:00:04",
        });
        _tenant = await _factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(_tenant, "failover-sender.test");
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
    public async Task T63A421GreetingOnTheFirstMxIsFollowedByTheNext()
    {
        var message = await _tenant.WaitForStatusAsync(await SendAsync("greet421-first.failover.test"), "ok", seconds: 60);
        Assert.That(Types(message), Is.EqualTo(new[] { "injected", "ok" }), message.ToString());
        Assert.That(Last(message).GetProperty("smtp").GetProperty("mx").GetString(), Is.EqualTo("ok.greet421-first.failover.test"));
    }

    [Test]
    public async Task T63A421GreetingOnEveryMxDefersRestsTheDestinationAndTheRecoveredMxDeliversOnce()
    {
        var id = await SendAsync("greet421-all.failover.test");
        var message = await _tenant.WaitForStatusAsync(id, "softbounce", seconds: 60);
        Assert.That(Last(message).GetProperty("smtp").GetProperty("code").GetInt32(), Is.EqualTo(421), message.ToString());
        Assert.That(_mx["greet421-until-recovered"].Connections, Is.GreaterThanOrEqualTo(1), "the first MX was tried");
        Assert.That(_mx["greet421-until-recovered-b"].Connections, Is.GreaterThanOrEqualTo(1), "and then the second");
        var view = await Polling.UntilAsync(() => DomainViewAsync("greet421-all.failover.test"), v => v?.GetProperty("throttle_reason").GetString() is not null, TimeSpan.FromSeconds(30));
        Assert.That(view!.Value.GetProperty("throttle_reason").GetString(), Does.StartWith("421 from"), "the destination rests instead of being hammered");

        _recovered["greet421-until-recovered-b"] = true;

        message = await _tenant.WaitForStatusAsync(id, "ok", seconds: 60);
        Assert.That(Last(message).GetProperty("smtp").GetProperty("mx").GetString(), Is.EqualTo("greet421-until-recovered-b.greet421-all.failover.test"));
        Assert.That(_mx["greet421-until-recovered-b"].Received, Has.Count.EqualTo(1), "delivered once");
    }

    [Test]
    public async Task T64A5xxGreetingOnTheFirstMxIsFollowedByTheNext()
    {
        var message = await _tenant.WaitForStatusAsync(await SendAsync("greet554-first.failover.test"), "ok", seconds: 60);
        Assert.That(Types(message), Is.EqualTo(new[] { "injected", "ok" }), message.ToString());
        Assert.That(Last(message).GetProperty("smtp").GetProperty("mx").GetString(), Is.EqualTo("ok.greet554-first.failover.test"));
    }

    [Test]
    public async Task T71EveryMxFailingDefersWithRetriesAndTheRecoveryStaysWithinTheConnectionCap()
    {
        var ids = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            ids.Add(await SendAsync("all-fail.failover.test"));
        }

        foreach (var id in ids)
        {
            var deferred = await _tenant.WaitForStatusAsync(id, "softbounce", seconds: 60);
            Assert.That(Last(deferred).GetProperty("bounce").GetProperty("class").GetString(), Is.EqualTo("NoAnswerFromHost"), deferred.ToString());
            Assert.That(Last(deferred).GetProperty("smtp").GetProperty("enhanced_code").GetString(), Is.EqualTo("4.4.1"));
        }

        _recovered["reset-until-recovered"] = true;

        foreach (var id in ids)
        {
            await _tenant.WaitForStatusAsync(id, "ok", seconds: 60);
        }

        Assert.That(_mx["reset-until-recovered"].Received, Has.Count.EqualTo(ids.Count), "each delivered once");
        Assert.That(Volatile.Read(ref _maxInFlight), Is.InRange(1, MaxConnections), "no retry storm: never more sessions at once than the destination's cap");
    }

    [Test]
    public async Task T74ADnsTimeoutIsATemporaryDnsFailure()
    {
        var message = await _tenant.WaitForStatusAsync(await SendAsync("dns-timeout.failover.test"), "softbounce", seconds: 60);
        Assert.That(Last(message).GetProperty("bounce").GetProperty("class").GetString(), Is.EqualTo("DNSFailure"), message.ToString());
        Assert.That(Last(message).GetProperty("smtp").GetProperty("enhanced_code").GetString(), Is.EqualTo("4.4.3"));
    }

    [Test]
    public async Task T74FiftyMxHostsAreTriedFiveAtMostPerAttempt()
    {
        // The five best refuse the connection (nothing listens there); the other 45 would deliver, and are never tried.
        var message = await _tenant.WaitForStatusAsync(await SendAsync("fifty.failover.test"), "softbounce", seconds: 60);
        Assert.That(Last(message).GetProperty("smtp").GetProperty("enhanced_code").GetString(), Is.EqualTo("4.4.1"), message.ToString());
        Assert.That(Enumerable.Range(Refusing, Fifty - Refusing).Select(i => _mx[$"fifty-{i}"].Connections), Is.All.EqualTo(0), "no host past the fifth");
    }

    [Test]
    public async Task T74TwoMxServersThatAnsweredEndAnAttempt()
    {
        // Each of three MX refuses its first session at the greeting: the first attempt stops after two, the retry delivers.
        var message = await _tenant.WaitForStatusAsync(await SendAsync("sessions.failover.test"), "ok", seconds: 60);
        Assert.That(Types(message), Is.EqualTo(new[] { "injected", "softbounce", "ok" }), message.ToString());
        Assert.That(Enumerable.Range(0, 3).Select(i => _mx[$"session-{i}"].Connections), Is.EqualTo(new[] { 2, 1, 0 }), "two sessions in the first attempt, the third MX never tried");
    }

    [Test]
    public async Task T79AnEightBitBodyToAnMxWithout8BitMimeIsSentAsSevenBit()
    {
        const string text = "Grüße aus Köln, ½ € – ünïcödé";
        var message = await _tenant.WaitForStatusAsync(await SendAsync("no8bit.failover.test", text), "ok", seconds: 60);
        Assert.That(Types(message), Is.EqualTo(new[] { "injected", "ok" }));
        var received = _mx["ok"].Received.Single(m => m.Contains("no8bit.failover.test", StringComparison.Ordinal));
        Assert.That(received.Where(c => c > 127), Is.Empty, "only 7-bit bytes on the wire to a server without 8BITMIME");
        Assert.That(received, Does.Contain("Content-Transfer-Encoding: quoted-printable").Or.Contain("Content-Transfer-Encoding: base64"));
        Assert.That(received, Does.Contain("DKIM-Signature:"), "signed after the conversion");
    }

    private static IPAddress Address(string host) => host switch
    {
        "greet421" => IPAddress.Parse("127.0.0.21"),
        "ok" => IPAddress.Parse("127.0.0.22"),
        "greet421-until-recovered" => IPAddress.Parse("127.0.0.23"),
        "greet421-until-recovered-b" => IPAddress.Parse("127.0.0.24"),
        "greet554" => IPAddress.Parse("127.0.0.25"),
        "reset-until-recovered" => IPAddress.Parse("127.0.0.27"),
        "refused" => IPAddress.Parse("127.0.0.28"), // nothing listens there
        "session-0" or "session-1" or "session-2" => IPAddress.Parse($"127.0.0.{31 + host[^1] - '0'}"),
        _ => IPAddress.Parse($"127.0.0.{100 + int.Parse(host["fifty-".Length..], System.Globalization.CultureInfo.InvariantCulture)}"),
    };

    private Func<RawMxConnection, int, Task> Script(string host) => host switch
    {
        "greet421" => async (c, _) => await c.WriteAsync("421 4.3.2 greet421 busy, try later"),
        "greet554" => async (c, _) => await c.WriteAsync("554 5.7.1 greet554 no service for you"),
        "greet421-until-recovered" or "greet421-until-recovered-b" => async (c, _) =>
        {
            if (IsRecovered(host))
            {
                await RawMx.ServeAsync(c);
                return;
            }

            await c.WriteAsync("421 4.3.2 busy, try later");
        },
        "reset-until-recovered" => async (c, _) =>
        {
            if (!IsRecovered(host))
            {
                c.Reset();
                return;
            }

            var now = Interlocked.Increment(ref _inFlight);
            InterlockedMax(ref _maxInFlight, now);
            try
            {
                await RawMx.ServeAsync(c);
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        },
        // Each refuses its first session at the greeting (the next MX is tried), then serves.
        _ when host.StartsWith("session-", StringComparison.Ordinal) => async (c, n) =>
        {
            if (n == 0)
            {
                await c.WriteAsync("554 5.7.1 not now");
                return;
            }

            await RawMx.ServeAsync(c);
        },
        _ => async (c, _) => await RawMx.ServeAsync(c),
    };

    /// <summary>Every MX on its address, all on one port (the service's MxPort); tried again on another port if one is taken.</summary>
    private int StartServers()
    {
        string[] hosts = ["greet421", "ok", "greet421-until-recovered", "greet421-until-recovered-b", "greet554", "reset-until-recovered",
            "session-0", "session-1", "session-2", .. Enumerable.Range(Refusing, Fifty - Refusing).Select(i => $"fifty-{i}")];
        for (var tries = 0; ; tries++)
        {
            var port = 0;
            try
            {
                foreach (var host in hosts)
                {
                    var mx = new RawMx(Script(host), new IPEndPoint(Address(host), port));
                    _mx[host] = mx;
                    port = mx.Port;
                }

                return port;
            }
            catch (SocketException) when (tries < 20)
            {
                foreach (var mx in _mx.Values)
                {
                    mx.DisposeAsync().AsTask().GetAwaiter().GetResult();
                }

                _mx.Clear();
            }
        }
    }

    private bool IsRecovered(string host) => _recovered.ContainsKey(host);

    private static void InterlockedMax(ref int target, int value)
    {
        var seen = Volatile.Read(ref target);
        while (value > seen && Interlocked.CompareExchange(ref target, value, seen) is var actual && actual != seen)
        {
            seen = actual;
        }
    }

    private async Task<JsonElement?> DomainViewAsync(string domain)
    {
        using var admin = _factory.CreateAdminClient();
        var view = await admin.GetFromJsonAsync<JsonElement>("/v1/admin/queues");
        return view.GetProperty("domains").EnumerateArray().Where(d => d.GetProperty("domain").GetString() == domain).Cast<JsonElement?>().FirstOrDefault();
    }

    private static string[] Types(JsonElement message) => [.. message.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()!)];

    private static JsonElement Last(JsonElement message) => message.GetProperty("events").EnumerateArray().Last();

    private async Task<string> SendAsync(string domain, string text = "t")
    {
        using var response = await _tenant.SendAsync(new
        {
            from = new { email = "a@failover-sender.test" }, to = new[] { new { email = $"rcpt-{Guid.NewGuid():N}@{domain}" } }, subject = "s", text,
        });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;
    }
}
