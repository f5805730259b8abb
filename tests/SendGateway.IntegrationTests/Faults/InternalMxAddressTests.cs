using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Faults;

/// <summary>
/// MX hosts found in DNS that resolve to internal addresses get no connection (reliability.md T74). The test factory
/// allows 127.0.0.0/8 (every test MX listens there); this fixture narrows SendGateway:Delivery:AllowedMxNetworks to one
/// address, so a <see cref="RawMx"/> on another loopback address stands for an MX on 127.0.0.1, 10.x or the service's own host:
/// it would deliver if it were ever reached.
/// </summary>
[TestFixture]
public sealed class InternalMxAddressTests
{
    private static readonly IPAddress Refused = IPAddress.Parse("127.0.0.201");
    private static readonly IPAddress Allowed = IPAddress.Parse("127.0.0.202");
    private RawMx _refused = null!;
    private RawMx _allowed = null!;
    private SendGatewayFactory _factory = null!;
    private TestTenant _tenant = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var port = StartServers();
        var dns = TestEnvironment.Dns;
        dns.AddMx("loop.internal-mx.test", 10, "mx1.loop.internal-mx.test");
        dns.AddA("mx1.loop.internal-mx.test", Refused.ToString());
        dns.AddMx("loop.internal-mx.test", 20, "mx2.loop.internal-mx.test");
        dns.AddA("mx2.loop.internal-mx.test", "10.20.30.40");
        dns.AddMx("mixed.internal-mx.test", 10, "mx1.mixed.internal-mx.test");
        dns.AddA("mx1.mixed.internal-mx.test", Refused.ToString());
        dns.AddMx("mixed.internal-mx.test", 20, "mx2.mixed.internal-mx.test");
        dns.AddA("mx2.mixed.internal-mx.test", Allowed.ToString());
        _factory = new SendGatewayFactory(settings: new Dictionary<string, string?>
        {
            ["SendGateway:Delivery:MxPort"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["SendGateway:Delivery:AllowedMxNetworks:0"] = $"{Allowed}/32",
        });
        _tenant = await _factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(_tenant, "internal-mx-sender.test");
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _tenant.Dispose();
        await _factory.DisposeAsync();
        await _refused.DisposeAsync();
        await _allowed.DisposeAsync();
    }

    [Test]
    public async Task T74MxHostsOnlyOnInternalAddressesAreBounced546WithoutAConnection()
    {
        var message = await _tenant.WaitForStatusAsync(await SendAsync("loop.internal-mx.test"), "hardbounce", seconds: 60);
        Assert.That(Types(message), Is.EqualTo(new[] { "injected", "hardbounce" }), message.ToString());
        var last = Last(message);
        Assert.That(last.GetProperty("smtp").GetProperty("enhanced_code").GetString(), Is.EqualTo("5.4.6"), message.ToString());
        Assert.That(last.GetProperty("bounce").GetProperty("class").GetString(), Is.EqualTo("BadDomain"));
        Assert.That(_refused.Connections, Is.Zero, "no connection to the internal address");
    }

    [Test]
    public async Task T74AnInternalMxIsSkippedForThePublicOne()
    {
        var message = await _tenant.WaitForStatusAsync(await SendAsync("mixed.internal-mx.test"), "ok", seconds: 60);
        Assert.That(Types(message), Is.EqualTo(new[] { "injected", "ok" }), message.ToString());
        Assert.That(Last(message).GetProperty("smtp").GetProperty("mx").GetString(), Is.EqualTo("mx2.mixed.internal-mx.test"));
        Assert.That(_allowed.Received, Has.Count.EqualTo(1));
        Assert.That(_refused.Connections, Is.Zero, "the better MX on an internal address was never connected to");
    }

    /// <summary>Both MX on one port (the service's MxPort); tried again on another port if one is taken.</summary>
    private int StartServers()
    {
        for (var tries = 0; ; tries++)
        {
            RawMx? first = null;
            try
            {
                first = new RawMx(async (c, _) => await RawMx.ServeAsync(c), new IPEndPoint(Refused, 0));
                _allowed = new RawMx(async (c, _) => await RawMx.ServeAsync(c), new IPEndPoint(Allowed, first.Port));
                _refused = first;
                return first.Port;
            }
            catch (SocketException) when (tries < 20)
            {
                first?.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }
    }

    private static string[] Types(JsonElement message) => [.. message.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()!)];

    private static JsonElement Last(JsonElement message) => message.GetProperty("events").EnumerateArray().Last();

    private async Task<string> SendAsync(string domain)
    {
        using var response = await _tenant.SendAsync(new
        {
            from = new { email = "a@internal-mx-sender.test" }, to = new[] { new { email = $"rcpt-{Guid.NewGuid():N}@{domain}" } }, subject = "s", text = "t",
        });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;
    }
}
