using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Relay;

/// <summary>
/// <c>SendGateway:Relay:ProxyProtocol</c>: a connection from a trusted proxy (127.0.0.1 here) starts with a PROXY protocol
/// header, and the address it names is the client's for the relay: the per-address connection limit (1 here) counts it and
/// its 421 names it, and the trusted networks match it. A header from anyone else is a bad command; a trusted proxy's
/// connection without a valid header in time is closed without a greeting. The implicit-TLS port reads it before TLS.
/// </summary>
[TestFixture]
public sealed class RelayProxyProtocolTests
{
    private const string Domain = "proxied-sender.test";
    private SendGatewayFactory _relay = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        // The tenant must exist before the relay that trusts a network for it starts: create it on a first instance.
        string tenantId;
        await using (var setup = new SendGatewayFactory("api,events"))
        {
            using var tenant = await setup.CreateTenantAsync();
            await SendGatewayFactory.AddDomainAsync(tenant, Domain);
            tenantId = tenant.Id;
            _relay = new SendGatewayFactory("api,relay", new Dictionary<string, string?>
            {
                ["SendGateway:Relay:ProxyProtocol"] = "true",
                ["SendGateway:Relay:ProxyHeaderTimeout"] = "00:00:01",
                ["SendGateway:Proxies:Trusted:0"] = "127.0.0.1",
                ["SendGateway:Relay:MaxConnectionsPerIp"] = "1",
                ["SendGateway:Relay:TrustedNetworks:0:Network"] = "198.51.100.0/24",
                ["SendGateway:Relay:TrustedNetworks:0:TenantId"] = tenantId,
            }, setup.RedisDatabase, setup.PostgresDatabase);
        }

        _relay.StartServer();
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _relay.DisposeAsync();

    [Test]
    public async Task TheHeadersSourceAddressIsTheClientForTheConnectionLimit()
    {
        await using var first = await Proxied.OpenAsync(_relay.SubmissionPort, V2("203.0.113.9", 40000));
        Assert.That(await first.ReadAsync(), Does.StartWith("220 "), "the first connection of 203.0.113.9 is served");
        await using var second = await Proxied.OpenAsync(_relay.SubmissionPort, V2("203.0.113.9", 40001));
        Assert.That(await second.ReadAsync(), Does.StartWith("421 4.7.0").And.Contain("too many connections from 203.0.113.9"), "a second one is over its limit of 1");
        await using var other = await Proxied.OpenAsync(_relay.SubmissionPort, V2("203.0.113.10", 40002));
        Assert.That(await other.ReadAsync(), Does.StartWith("220 "), "another client behind the same proxy is not");

        // IPv6 in both versions: the text header of version 1 and the binary TCP6 block.
        await using var v1 = await Proxied.OpenAsync(_relay.SubmissionPort, Encoding.ASCII.GetBytes("PROXY TCP6 2001:db8::7 2001:db8::1 40003 587\r\n"));
        Assert.That(await v1.ReadAsync(), Does.StartWith("220 "));
        await using var v2 = await Proxied.OpenAsync(_relay.SubmissionPort, V2("2001:db8::7", 40004));
        Assert.That(await v2.ReadAsync(), Does.Contain("too many connections from 2001:db8::7"));
    }

    [Test]
    public async Task TheHeadersSourceAddressMeetsTheTrustedNetworks()
    {
        await using var proxied = await Proxied.OpenAsync(_relay.SubmissionPort, V2("198.51.100.20", 40010));
        Assert.That(await proxied.ReadAsync(), Does.StartWith("220 "));
        var rcpt = $"proxied-{Guid.NewGuid():N}@mx-ok.test";
        Assert.That(await proxied.SendAsync("EHLO appliance.test\r\n"), Does.StartWith("250"));
        Assert.That(await proxied.SendAsync($"MAIL FROM:<box@{Domain}>\r\nRCPT TO:<{rcpt}>\r\n", replies: 2), Does.Contain("250 2.1.5"), "198.51.100.20 relays without AUTH as its tenant");
        Assert.That(await proxied.SendAsync("DATA\r\n"), Does.StartWith("354"));
        Assert.That(await proxied.SendAsync($"From: box@{Domain}\r\nSubject: proxied\r\n\r\nhello\r\n.\r\n"), Does.StartWith("250 2.0.0 Ok: queued as bat_"));

        await using var direct = await Proxied.OpenAsync(_relay.SubmissionPort, V2("203.0.113.30", 40011));
        Assert.That(await direct.ReadAsync(), Does.StartWith("220 "));
        Assert.That(await direct.SendAsync("EHLO appliance.test\r\n"), Does.StartWith("250"));
        Assert.That(await direct.SendAsync($"MAIL FROM:<box@{Domain}>\r\n"), Does.StartWith("530"), "the proxy's own address (127.0.0.1) is not what counts");
    }

    [Test]
    public async Task AHeaderFromAnUntrustedAddressIsABadCommand()
    {
        await using var untrusted = await Proxied.OpenAsync(_relay.SubmissionPort, [], source: "127.0.0.2");
        Assert.That(await untrusted.ReadAsync(), Does.StartWith("220 "), "a direct client is greeted at once");
        Assert.That(await untrusted.SendAsync("PROXY TCP4 198.51.100.20 127.0.0.1 40020 587\r\n"), Does.StartWith("5"), "its header is a bad command");
        Assert.That(await untrusted.SendAsync("EHLO appliance.test\r\n"), Does.StartWith("250"));
        Assert.That(await untrusted.SendAsync($"MAIL FROM:<box@{Domain}>\r\n"), Does.StartWith("530"), "and names no trusted network for it");
    }

    [TestCase("version 3", TestName = "{m}(version 3)")]
    [TestCase("oversized", TestName = "{m}(length over the limit)")]
    [TestCase("short addresses", TestName = "{m}(TCP4 with too short a block)")]
    [TestCase("text", TestName = "{m}(SMTP instead of a header)")]
    [TestCase("nothing", TestName = "{m}(no header in time)")]
    public async Task ATrustedProxysConnectionWithoutAValidHeaderIsClosedWithoutAGreeting(string fault)
    {
        var valid = V2("203.0.113.40", 40030);
        byte[] header = fault switch
        {
            "version 3" => [.. valid[..12], 0x31, .. valid[13..]],
            "oversized" => [.. valid[..14], 0xFF, 0xFF, .. valid[16..]],
            "short addresses" => [.. valid[..14], 0, 4, .. valid[16..20]],
            "text" => Encoding.ASCII.GetBytes("EHLO appliance.test\r\n"),
            _ => [],
        };
        await using var connection = await Proxied.OpenAsync(_relay.SubmissionPort, header);
        Assert.That(await connection.ReadAsync(seconds: 10), Is.Empty, "closed, with not a byte sent");
        Assert.That(connection.Closed, Is.True);
    }

    [Test]
    public async Task AHealthChecksLocalCommandIsServedAsTheProxysOwnConnection()
    {
        byte[] local = [.. V2("203.0.113.50", 40040)[..12], 0x20, 0x00, 0x00, 0x00];
        await using var check = await Proxied.OpenAsync(_relay.SubmissionPort, local);
        Assert.That(await check.ReadAsync(), Does.StartWith("220 "));
        Assert.That(await check.SendAsync("EHLO lb.test\r\n"), Does.StartWith("250"));
    }

    [Test]
    public async Task TheImplicitTlsPortReadsTheHeaderBeforeTheTlsHello()
    {
        await using var first = await Proxied.OpenAsync(_relay.TlsPort, V2("203.0.113.60", 40050), tls: true);
        Assert.That(await first.ReadAsync(), Does.StartWith("220 "));
        await using var second = await Proxied.OpenAsync(_relay.TlsPort, V2("203.0.113.60", 40051), tls: true);
        Assert.That(await second.ReadAsync(), Does.Contain("too many connections from 203.0.113.60"));
    }

    /// <summary>A version 2 PROXY header (TCP4 or TCP6 by the address) naming <paramref name="source"/>, with one TLV after the addresses (skipped).</summary>
    internal static byte[] V2(string source, int port)
    {
        var address = IPAddress.Parse(source);
        var six = address.AddressFamily == AddressFamily.InterNetworkV6;
        var destination = six ? IPAddress.IPv6Loopback : IPAddress.Loopback;
        byte[] tlv = [0x04, 0x00, 0x02, 0xAB, 0xCD]; // PP2_TYPE_NOOP
        var block = new List<byte>();
        block.AddRange(address.GetAddressBytes());
        block.AddRange(destination.GetAddressBytes());
        block.AddRange([(byte)(port >> 8), (byte)port, 0x02, 0x4B]);
        block.AddRange(tlv);
        return [.. "\r\n\r\n\0\r\nQUIT\n"u8, 0x21, six ? (byte)0x21 : (byte)0x11, (byte)(block.Count >> 8), (byte)block.Count, .. block];
    }

    /// <summary>A raw client that writes a PROXY header (or not) before anything, then speaks SMTP, over TLS if asked.</summary>
    private sealed class Proxied : IAsyncDisposable
    {
        private readonly TcpClient _tcp;
        private Stream _stream;

        private Proxied(TcpClient tcp) => (_tcp, _stream) = (tcp, tcp.GetStream());

        public bool Closed { get; private set; }

        public static async Task<Proxied> OpenAsync(int port, byte[] header, string source = "127.0.0.1", bool tls = false)
        {
            var tcp = new TcpClient(new IPEndPoint(IPAddress.Parse(source), 0));
            await tcp.ConnectAsync(IPAddress.Loopback, port);
            var client = new Proxied(tcp);
            if (header.Length > 0)
            {
                await client._stream.WriteAsync(header);
            }

            if (tls)
            {
                var ssl = new SslStream(client._stream, leaveInnerStreamOpen: false, (_, _, _, _) => true);
                await ssl.AuthenticateAsClientAsync("relay.sendgateway.test");
                client._stream = ssl;
            }

            return client;
        }

        public async Task<string> SendAsync(string text, int replies = 1)
        {
            await _stream.WriteAsync(Encoding.ASCII.GetBytes(text));
            return await ReadAsync(replies: replies);
        }

        /// <summary>Complete replies until <paramref name="replies"/> final lines, the server's close (<see cref="Closed"/>), or the time.</summary>
        public async Task<string> ReadAsync(int seconds = 10, int replies = 1)
        {
            var received = new StringBuilder();
            var buffer = new byte[4096];
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
            while (true)
            {
                int read;
                try
                {
                    read = await _stream.ReadAsync(buffer, timeout.Token);
                }
                catch (IOException)
                {
                    read = 0;
                }

                if (read == 0)
                {
                    Closed = true;
                    return received.ToString();
                }

                received.Append(Encoding.ASCII.GetString(buffer, 0, read));
                var text = received.ToString();
                if (text.EndsWith("\r\n", StringComparison.Ordinal) && text.Split("\r\n").Count(l => l.Length >= 4 && l[3] == ' ') >= replies)
                {
                    return text;
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stream.DisposeAsync();
            _tcp.Dispose();
        }
    }
}
