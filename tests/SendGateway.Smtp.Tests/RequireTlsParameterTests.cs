using System.Net;
using System.Net.Sockets;
using System.Text;
using SendGateway.Smtp.Protocol;

namespace SendGateway.Smtp.Tests;

/// <summary>
/// RFC 8689 on a session without TLS: EHLO does not offer REQUIRETLS and MAIL FROM's REQUIRETLS is refused with
/// <c>530 5.7.10</c>; the parameter takes no value (555, as any unknown form) and, like every parameter, comes once (501).
/// The TLS half (offered after STARTTLS, accepted, carried to the queue) is in the integration tests' relay.
/// </summary>
[TestFixture]
public sealed class RequireTlsParameterTests
{
    private sealed class Accepting : ISmtpSessionHandler
    {
        public ValueTask<SmtpReply> OnMessageAsync(SmtpSessionContext session, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
            ValueTask.FromResult(new SmtpReply(250, "2.0.0", "Ok: queued"));
    }

    private static async Task<string> ConverseAsync(string input)
    {
        await using var server = SmtpServer.Start(new IPEndPoint(IPAddress.Loopback, 0), () => new Accepting());
        using var client = new TcpClient();
        await client.ConnectAsync(server.EndPoint);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.UTF8.GetBytes(input));
        client.Client.Shutdown(SocketShutdown.Send);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await reader.ReadToEndAsync(timeout.Token);
    }

    [Test]
    public async Task APlainSessionNeitherOffersNorAcceptsRequireTls()
    {
        var transcript = await ConverseAsync("EHLO c\r\nMAIL FROM:<a@b.test> REQUIRETLS\r\nMAIL FROM:<a@b.test>\r\nQUIT\r\n");
        Assert.That(transcript, Does.Contain("250-PIPELINING").And.Not.Contain("REQUIRETLS\r\n"), "EHLO without TLS does not offer it");
        Assert.That(transcript, Does.Contain("530 5.7.10 REQUIRETLS requires a TLS session\r\n"));
        Assert.That(transcript, Does.Contain("250 2.1.0"), "the same MAIL without the parameter is accepted");
    }

    [TestCase("REQUIRETLS=YES", "555 5.5.4 Unsupported option: REQUIRETLS")]
    [TestCase("REQUIRETLS REQUIRETLS", "501 5.5.4 Duplicate option: REQUIRETLS")]
    [TestCase("SIZE=10 size=10", "501 5.5.4 Duplicate option: size")]
    public async Task AMalformedParameterIsASyntaxError(string parameters, string reply)
    {
        var transcript = await ConverseAsync($"EHLO c\r\nMAIL FROM:<a@b.test> {parameters}\r\nQUIT\r\n");
        Assert.That(transcript, Does.Contain(reply + "\r\n"));
    }
}
