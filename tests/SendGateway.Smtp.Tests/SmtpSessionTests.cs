using System.Net;
using System.Net.Sockets;
using System.Text;
using SendGateway.Smtp.Protocol;

namespace SendGateway.Smtp.Tests;

[TestFixture]
public sealed class SmtpSessionTests
{
    private sealed class CollectingHandler : ISmtpSessionHandler
    {
        public List<byte[]> Messages { get; } = [];

        public ValueTask<SmtpReply> OnMessageAsync(SmtpTransaction transaction, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
        {
            lock (Messages)
            {
                Messages.Add(content.ToArray());
            }

            return ValueTask.FromResult(new SmtpReply(250, "2.0.0", "Ok: queued"));
        }
    }

    private static async Task<string> ConverseAsync(SmtpServer server, string input, bool halfClose = true)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.EndPoint);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.UTF8.GetBytes(input));
        if (halfClose)
        {
            client.Client.Shutdown(SocketShutdown.Send);
        }

        using var reader = new StreamReader(stream, Encoding.UTF8);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await reader.ReadToEndAsync(timeout.Token);
    }

    [Test]
    public async Task AcceptsAMessageAndUnstuffsDots()
    {
        var handler = new CollectingHandler();
        await using var server = SmtpServer.Start(new IPEndPoint(IPAddress.Loopback, 0), () => handler);
        var transcript = await ConverseAsync(server,
            "EHLO client.test\r\nMAIL FROM:<a@b.test>\r\nRCPT TO:<c@d.test>\r\nDATA\r\nSubject: x\r\n\r\n..leading dot\r\n.\r\nQUIT\r\n");

        Assert.That(transcript, Does.Contain("250-PIPELINING"));
        Assert.That(transcript, Does.Contain("250 2.0.0 Ok: queued"));
        Assert.That(handler.Messages, Has.Count.EqualTo(1));
        Assert.That(Encoding.ASCII.GetString(handler.Messages[0]), Is.EqualTo("Subject: x\r\n\r\n.leading dot\r\n"));
    }
}
