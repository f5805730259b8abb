using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Relay;

/// <summary>
/// The relay behind a real HAProxy (Debian's package, <c>mode tcp</c>, <c>send-proxy-v2</c>) on loopback: the relay
/// sees each client's own 127.0.0.x source through the PROXY header (its per-address limit of 1 names it), and HAProxy's
/// SMTP health check, which sends a version 2 LOCAL header before its EHLO, keeps the relay UP.
/// </summary>
[TestFixture]
public sealed class RelayBehindHaproxyTests
{
    [Test]
    public async Task HaproxyWithSendProxyV2PassesTheClientsAddressAndItsHealthCheckSeesTheRelayUp()
    {
        await using var relay = new SendGatewayFactory("api,relay", new Dictionary<string, string?>
        {
            ["SendGateway:Relay:ProxyProtocol"] = "true",
            ["SendGateway:Proxies:Trusted:0"] = "127.0.0.1",
            ["SendGateway:Relay:MaxConnectionsPerIp"] = "1",
        });
        relay.StartServer();
        var dir = Directory.CreateTempSubdirectory("sendgateway-haproxy-").FullName;
        var (front, socket) = (ProcessRunner.FreePort(), Path.Combine(dir, "admin.sock"));
        await File.WriteAllTextAsync(Path.Combine(dir, "haproxy.cfg"), $"""
            global
              stats socket {socket} mode 600 level admin
            defaults
              mode tcp
              timeout connect 2s
              timeout client 30s
              timeout server 30s
            frontend smtp
              bind 127.0.0.1:{front}
              default_backend relays
            backend relays
              option smtpchk EHLO lb.test
              server r1 127.0.0.1:{relay.SubmissionPort} send-proxy-v2 source 127.0.0.1 check inter 200ms rise 1 fall 1

            """); // HAProxy wants the last line ended
        using var haproxy = Process.Start(new ProcessStartInfo("haproxy", ["-db", "-f", Path.Combine(dir, "haproxy.cfg")])
        { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var log = new StringBuilder();
        haproxy.OutputDataReceived += (_, e) => log.AppendLine(e.Data);
        haproxy.ErrorDataReceived += (_, e) => log.AppendLine(e.Data);
        haproxy.BeginOutputReadLine();
        haproxy.BeginErrorReadLine();
        try
        {
            var status = await Polling.UntilAsync(() => StatusAsync(socket), s => s == "UP" || haproxy.HasExited, TimeSpan.FromSeconds(30));
            Assert.That(status, Is.EqualTo("UP"), $"HAProxy's SMTP check through a LOCAL header finds the relay up\n{log}");

            await using var first = await RawSmtpClient.ConnectAsync(front, source: "127.0.0.5");
            Assert.That(first.Transcript, Does.StartWith("220 "), "the client's first connection through HAProxy is served");
            await using var second = await RawSmtpClient.ConnectAsync(front, source: "127.0.0.5");
            Assert.That(second.Transcript, Does.StartWith("421 4.7.0").And.Contain("too many connections from 127.0.0.5"), "the relay counts the client's address, not HAProxy's");
            await using var other = await RawSmtpClient.ConnectAsync(front, source: "127.0.0.6");
            Assert.That(other.Transcript, Does.StartWith("220 "), "another client is served");
            Assert.That(await first.SendAsync("EHLO client.test\r\n"), Does.StartWith("250"), "SMTP flows through the proxy after the header");
            Assert.That(await StatusAsync(socket), Is.EqualTo("UP"), "the health check keeps passing");
        }
        finally
        {
            haproxy.Kill();
            await haproxy.WaitForExitAsync();
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>The relay server's status from HAProxy's stats socket (<c>show stat</c>, CSV), or what went wrong.</summary>
    private static async Task<string> StatusAsync(string socket)
    {
        try
        {
            using var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await client.ConnectAsync(new UnixDomainSocketEndPoint(socket));
            await client.SendAsync(Encoding.ASCII.GetBytes("show stat\n"));
            using var stream = new NetworkStream(client);
            var csv = await new StreamReader(stream).ReadToEndAsync();
            var header = csv.Split('\n')[0].TrimStart('#', ' ').Split(',');
            var row = csv.Split('\n').FirstOrDefault(l => l.StartsWith("relays,r1,", StringComparison.Ordinal))?.Split(',');
            return row is null ? "no row" : row[Array.IndexOf(header, "status")];
        }
        catch (SocketException e)
        {
            return e.SocketErrorCode.ToString();
        }
    }
}
