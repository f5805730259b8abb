using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Faults;

/// <summary>
/// Replies too long to be SMTP (reliability.md T75): a 1 MB banner and a multi-line greeting that never ends, each from
/// a <see cref="RawMx"/> whose first connection misbehaves and whose later ones serve. The reading stream under MailKit
/// cuts the read at SendGateway:Delivery:MaxReplyBytes (64 KiB by default): a protocol error, a softbounce, then the
/// retry delivers. The endless reply's MX counts what it could write before the connection was closed on it: what the
/// service read, plus what the kernel's socket buffers held.
/// </summary>
[TestFixture]
public sealed class LongReplyTests
{
    private const int MaxReplyBytes = 64 << 10;
    private const long EndlessLimit = 64L << 20; // the MX gives up here, so a service without the cap still ends the test
    private static readonly IPAddress BannerAddress = IPAddress.Parse("127.0.0.211");
    private static readonly IPAddress EndlessAddress = IPAddress.Parse("127.0.0.212");
    private RawMx _banner = null!;
    private RawMx _endless = null!;
    private long _endlessWritten;
    private SendGatewayFactory _factory = null!;
    private TestTenant _tenant = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var port = StartServers();
        var dns = TestEnvironment.Dns;
        dns.AddMx("banner.long-reply.test", 10, "mx.banner.long-reply.test");
        dns.AddA("mx.banner.long-reply.test", BannerAddress.ToString());
        dns.AddMx("endless.long-reply.test", 10, "mx.endless.long-reply.test");
        dns.AddA("mx.endless.long-reply.test", EndlessAddress.ToString());
        _factory = new SendGatewayFactory(settings: new Dictionary<string, string?>
        {
            ["SendGateway:Delivery:MxPort"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["SendGateway:Delivery:MaxReplyBytes"] = MaxReplyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        _tenant = await _factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(_tenant, "long-reply-sender.test");
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _tenant.Dispose();
        await _factory.DisposeAsync();
        await _banner.DisposeAsync();
        await _endless.DisposeAsync();
    }

    [Test]
    public async Task T75AOneMegabyteBannerIsAProtocolErrorThenDelivered()
    {
        var message = await _tenant.WaitForStatusAsync(await SendAsync("banner.long-reply.test"), "ok", seconds: 90);
        Assert.That(Types(message), Is.EqualTo(new[] { "injected", "softbounce", "ok" }), message.ToString());
        var deferred = message.GetProperty("events")[1];
        Assert.That(deferred.GetProperty("bounce").GetProperty("class").GetString(), Is.EqualTo("BadConnection"), message.ToString());
        Assert.That(deferred.ToString(), Does.Contain($"over {MaxReplyBytes} octets"), "cut at the cap, not by a timeout");
        Assert.That(_banner.Received, Has.Count.EqualTo(1), "delivered once");
    }

    [Test]
    public async Task T75AGreetingThatNeverEndsIsCutAtTheCapThenDelivered()
    {
        var message = await _tenant.WaitForStatusAsync(await SendAsync("endless.long-reply.test"), "ok", seconds: 90);
        Assert.That(Types(message), Is.EqualTo(new[] { "injected", "softbounce", "ok" }), message.ToString());
        Assert.That(message.GetProperty("events")[1].ToString(), Does.Contain($"over {MaxReplyBytes} octets"), "cut at the cap, not by a timeout");
        Assert.That(Interlocked.Read(ref _endlessWritten), Is.LessThan(16L << 20),
            "the service stopped reading soon after the cap: the MX wrote at most the cap and what the socket buffers held");
        Assert.That(_endless.Received, Has.Count.EqualTo(1), "delivered once");
    }

    private static async Task LongBannerAsync(RawMxConnection c)
    {
        var line = "220-" + new string('b', 996) + "\r\n";
        var block = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(line, 64)));
        for (var written = 0; written < 1 << 20; written += block.Length)
        {
            await c.WriteRawAsync(block);
        }

        await RawMx.ServeAsync(c); // the banner's last line, then a correct conversation
    }

    private async Task EndlessGreetingAsync(RawMxConnection c)
    {
        var block = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("220-" + new string('e', 996) + "\r\n", 64)));
        try
        {
            while (Interlocked.Read(ref _endlessWritten) < EndlessLimit)
            {
                await c.WriteRawAsync(block);
                Interlocked.Add(ref _endlessWritten, block.Length);
            }

            await Task.Delay(Timeout.Infinite); // a service without the cap waits for the rest until its command timeout
        }
        catch (IOException)
        {
            // the service closed the connection on the endless reply
        }
    }

    /// <summary>Both MX on one port (the service's MxPort); tried again on another port if one is taken.</summary>
    private int StartServers()
    {
        for (var tries = 0; ; tries++)
        {
            RawMx? first = null;
            try
            {
                first = new RawMx(async (c, n) => await (n == 0 ? LongBannerAsync(c) : RawMx.ServeAsync(c)), new IPEndPoint(BannerAddress, 0));
                _endless = new RawMx(async (c, n) => await (n == 0 ? EndlessGreetingAsync(c) : RawMx.ServeAsync(c)), new IPEndPoint(EndlessAddress, first.Port));
                _banner = first;
                return first.Port;
            }
            catch (SocketException) when (tries < 20)
            {
                first?.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }
    }

    private static string[] Types(JsonElement message) => [.. message.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()!)];

    private async Task<string> SendAsync(string domain)
    {
        using var response = await _tenant.SendAsync(new
        {
            from = new { email = "a@long-reply-sender.test" }, to = new[] { new { email = $"rcpt-{Guid.NewGuid():N}@{domain}" } }, subject = "s", text = "t",
        });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;
    }
}
