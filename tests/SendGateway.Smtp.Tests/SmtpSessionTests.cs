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

        public ValueTask<SmtpReply> OnMessageAsync(SmtpSessionContext session, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
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

    /// <summary>
    /// Sends each step only after the server answered the previous one (as a client waits for 354): after each step,
    /// reads until every reply the step asks for has come (or the server closed), never for a fixed pause.
    /// </summary>
    private static async Task<string> StepsAsync(SmtpServer server, params string[] steps)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.EndPoint);
        var stream = client.GetStream();
        var transcript = new StringBuilder();
        var buffer = new byte[65536];
        async Task ReadRepliesAsync(int expected)
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            while (FinalReplies(transcript.ToString()) < expected)
            {
                var read = await stream.ReadAsync(buffer, deadline.Token);
                if (read == 0)
                {
                    return;
                }

                transcript.Append(Encoding.UTF8.GetString(buffer, 0, read));
            }
        }

        var expected = 1; // the greeting
        await ReadRepliesAsync(expected);
        var inData = false;
        foreach (var step in steps)
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes(step));
            expected += RepliesAskedFor(step, ref inData);
            await ReadRepliesAsync(expected);
        }

        return transcript.ToString();
    }

    /// <summary>How many replies a step's CRLF lines ask for: one per command, one per message content (up to its lone dot).</summary>
    private static int RepliesAskedFor(string step, ref bool inData)
    {
        var replies = 0;
        foreach (var line in step.Split("\r\n")[..^1])
        {
            if (inData)
            {
                inData = line != ".";
                replies += inData ? 0 : 1;
                continue;
            }

            replies++;
            inData = line.Equals("DATA", StringComparison.OrdinalIgnoreCase);
        }

        return replies;
    }

    /// <summary>The complete replies in a transcript: lines of a code and a space (a multi-line reply's last line).</summary>
    private static int FinalReplies(string transcript) =>
        transcript.Split("\r\n")[..^1].Count(l => l.Length >= 4 && char.IsAsciiDigit(l[0]) && char.IsAsciiDigit(l[1]) && char.IsAsciiDigit(l[2]) && l[3] == ' ');

    [Test]
    public async Task DataPipelinedWithItsContentIsASynchronizationError()
    {
        var handler = new CollectingHandler();
        await using var server = SmtpServer.Start(new IPEndPoint(IPAddress.Loopback, 0), () => handler);
        var transcript = await ConverseAsync(server, "EHLO c\r\nMAIL FROM:<a@b.test>\r\nRCPT TO:<c@d.test>\r\nDATA\r\nSubject: x\r\n\r\nbody\r\n.\r\n");
        Assert.That(transcript, Does.Contain("554 5.5.0 Error: SMTP protocol synchronization"));
        Assert.That(handler.Messages, Is.Empty);
    }

    [Test]
    public async Task AClientSpeakingBeforeTheGreetingIsRefusedAndClosed()
    {
        var handler = new CollectingHandler();
        await using var server = SmtpServer.Start(new IPEndPoint(IPAddress.Loopback, 0), () => handler, new SmtpSessionOptions { PregreetWait = TimeSpan.FromMilliseconds(300) });
        var transcript = await ConverseAsync(server, "EHLO early\r\n", halfClose: false);
        Assert.That(transcript, Is.EqualTo("554 5.5.0 Error: SMTP protocol synchronization\r\n"));
    }

    [Test]
    public async Task AClientWaitingForTheGreetingIsServedAfterTheGreetWait()
    {
        await using var server = SmtpServer.Start(new IPEndPoint(IPAddress.Loopback, 0), () => new CollectingHandler(), new SmtpSessionOptions { PregreetWait = TimeSpan.FromMilliseconds(100) });
        var transcript = await StepsAsync(server, "EHLO polite\r\n", "QUIT\r\n");
        Assert.That(transcript, Does.StartWith("220 ").And.Contain("250-PIPELINING").And.Contain("221 2.0.0 Bye"));
    }

    [Test]
    public async Task AcceptsAMessageAndUnstuffsDots()
    {
        var handler = new CollectingHandler();
        await using var server = SmtpServer.Start(new IPEndPoint(IPAddress.Loopback, 0), () => handler);
        var transcript = await StepsAsync(server,
            "EHLO client.test\r\nMAIL FROM:<a@b.test>\r\nRCPT TO:<c@d.test>\r\nDATA\r\n", "Subject: x\r\n\r\n..leading dot\r\n.\r\nQUIT\r\n");

        Assert.That(transcript, Does.Contain("250-PIPELINING"));
        Assert.That(transcript, Does.Contain("250 2.0.0 Ok: queued"));
        Assert.That(handler.Messages, Has.Count.EqualTo(1));
        Assert.That(Encoding.ASCII.GetString(handler.Messages[0]), Is.EqualTo("Subject: x\r\n\r\n.leading dot\r\n"));
    }

    [TestCase("MAIL FROM:<a@b.test>\r\n", "503 5.5.1 Error: send HELO/EHLO first")]
    [TestCase("EHLO c\r\nRCPT TO:<a@b.test>\r\n", "503 5.5.1 Error: need MAIL command")]
    [TestCase("EHLO c\r\nMAIL FROM:<a@b.test>\r\nDATA\r\n", "503 5.5.1 Error: need RCPT command")]
    [TestCase("EHLO c\r\nMAIL FROM:<a@b.test>\r\nMAIL FROM:<a@b.test>\r\n", "503 5.5.1 Error: nested MAIL command")]
    [TestCase("EHLO c\r\nMAIL FROM:<a@b.test> SIZE=999999999999\r\n", "552 5.3.4 Message size exceeds fixed limit")]
    [TestCase("EHLO c\r\nMAIL FROM:<a@b.test> SIZE=abc\r\n", "501 5.5.4 Bad message size syntax")]
    [TestCase("EHLO c\r\nMAIL FROM:a@b.test\r\n", "501 5.1.7 Bad sender address syntax")]
    [TestCase("EHLO c\r\nMAIL FROM:<a@b.test>\r\nRCPT TO:<@x.test:a@b.test>\r\n", "501 5.1.3 Bad recipient address syntax")]
    [TestCase("VRFY root\r\n", "502 5.5.1")]
    [TestCase("BOGUS\r\n", "500 5.5.2 Error: command not recognized")]
    [TestCase("EHLO\r\n", "501 5.5.4 Syntax: EHLO hostname")]
    public async Task RepliesToProtocolErrorsLikePostfix(string input, string expected)
    {
        var handler = new CollectingHandler();
        await using var server = SmtpServer.Start(new IPEndPoint(IPAddress.Loopback, 0), () => handler);
        var transcript = await ConverseAsync(server, input + "QUIT\r\n");
        Assert.That(transcript, Does.Contain(expected));
        Assert.That(handler.Messages, Is.Empty);
    }

    [Test]
    public async Task ACommandLineOverTheLimitIs500AndTheSessionContinues()
    {
        await using var server = SmtpServer.Start(new IPEndPoint(IPAddress.Loopback, 0), () => new CollectingHandler());
        var transcript = await ConverseAsync(server, "NOOP " + new string('x', 600) + "\r\nNOOP\r\nQUIT\r\n");
        Assert.That(transcript, Does.Contain("500 5.5.2 Error: command too long"));
        Assert.That(transcript, Does.Contain("250 2.0.0 Ok"));
        Assert.That(transcript, Does.Contain("221 2.0.0 Bye"));
    }

    [Test]
    public async Task ALineOfExactly512OctetsIsACommand()
    {
        await using var server = SmtpServer.Start(new IPEndPoint(IPAddress.Loopback, 0), () => new CollectingHandler());
        var transcript = await ConverseAsync(server, "NOOP " + new string('x', 505) + "\r\nQUIT\r\n");
        Assert.That(transcript, Does.Contain("250 2.0.0 Ok"));
        Assert.That(transcript, Does.Not.Contain("command too long"));
    }

    [Test]
    public async Task TooManyErrorsEndTheSessionWith421()
    {
        await using var server = SmtpServer.Start(new IPEndPoint(IPAddress.Loopback, 0), () => new CollectingHandler(), new SmtpSessionOptions { Limits = new SmtpLimits { MaxErrors = 3 } });
        var transcript = await ConverseAsync(server, string.Concat(Enumerable.Repeat("JUNK\r\n", 10)), halfClose: false);
        Assert.That(transcript, Does.Contain("421 4.7.0 localhost Error: too many errors"));
        Assert.That(transcript.Split("500 5.5.2").Length - 1, Is.EqualTo(3));
    }

    [Test]
    public async Task RecipientsOverTheLimitGet452()
    {
        var handler = new CollectingHandler();
        await using var server = SmtpServer.Start(new IPEndPoint(IPAddress.Loopback, 0), () => handler, new SmtpSessionOptions { Limits = new SmtpLimits { MaxRecipients = 2 } });
        var transcript = await StepsAsync(server,
            "EHLO c\r\nMAIL FROM:<a@b.test>\r\nRCPT TO:<1@d.test>\r\nRCPT TO:<2@d.test>\r\nRCPT TO:<3@d.test>\r\nDATA\r\n", "x\r\n.\r\nQUIT\r\n");
        Assert.That(transcript, Does.Contain("452 4.5.3 Error: too many recipients"));
        Assert.That(handler.Messages, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task BareLfInDataIsRefusedWith550AndNothingIsHandedOver()
    {
        var handler = new CollectingHandler();
        await using var server = SmtpServer.Start(new IPEndPoint(IPAddress.Loopback, 0), () => handler);
        var transcript = await StepsAsync(server,
            "EHLO c\r\nMAIL FROM:<a@b.test>\r\nRCPT TO:<c@d.test>\r\nDATA\r\n", "x\n.\nMAIL FROM:<ceo@victim.test>\r\n.\r\nQUIT\r\n");
        Assert.That(transcript, Does.Contain("550 5.5.2 Error: bare <LF> received"));
        Assert.That(transcript, Does.Not.Contain("250 2.0.0 Ok: queued"));
        Assert.That(handler.Messages, Is.Empty);
    }

    [Test]
    public async Task AnIdleClientIsDisconnectedWith421()
    {
        await using var server = SmtpServer.Start(new IPEndPoint(IPAddress.Loopback, 0), () => new CollectingHandler(), new SmtpSessionOptions { Limits = new SmtpLimits { CommandTimeout = TimeSpan.FromMilliseconds(200) } });
        var transcript = await ConverseAsync(server, "EHLO c\r\n", halfClose: false);
        Assert.That(transcript, Does.Contain("421 4.4.2 localhost Error: timeout exceeded"));
    }

    /// <summary>Opens a session to DATA, then sends the body in <paramref name="chunks"/> with <paramref name="pause"/> between them.</summary>
    private static async Task<string> TrickleAsync(SmtpServer server, IEnumerable<string> chunks, TimeSpan pause)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.EndPoint);
        var stream = client.GetStream();
        var reader = new StreamReader(stream, Encoding.ASCII);
        var transcript = new StringBuilder((await reader.ReadLineAsync()) + "\n");
        foreach (var command in new[] { "EHLO c", "MAIL FROM:<a@b.test>", "RCPT TO:<c@d.test>", "DATA" })
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"));
            string? line;
            do
            {
                line = await reader.ReadLineAsync();
                transcript.AppendLine(line);
            }
            while (line is { Length: > 3 } && line[3] == '-');
        }

        try
        {
            foreach (var chunk in chunks)
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes(chunk));
                await Task.Delay(pause);
            }

            transcript.Append(await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(10)));
        }
        catch (IOException)
        {
            transcript.Append(await reader.ReadToEndAsync());
        }

        return transcript.ToString();
    }

    [Test]
    public async Task ABodyTrickledBelowTheMinimumDataRateGets421AndIsDiscarded()
    {
        var handler = new CollectingHandler();
        var limits = new SmtpLimits { CommandTimeout = TimeSpan.FromMilliseconds(500), MinDataRate = 500, DataTimeout = TimeSpan.FromMinutes(1) };
        await using var server = SmtpServer.Start(new IPEndPoint(IPAddress.Loopback, 0), () => handler, new SmtpSessionOptions { Limits = limits });
        var transcript = await TrickleAsync(server, Enumerable.Repeat("x", 40).Append("\r\n.\r\n"), TimeSpan.FromMilliseconds(100)); // 10 B/s
        Assert.That(transcript, Does.Contain("421 4.4.2 localhost Error: timeout exceeded"));
        Assert.That(transcript, Does.Not.Contain("250 2.0.0 Ok: queued"));
        Assert.That(handler.Messages, Is.Empty);
    }

    [Test]
    public async Task ABodyArrivingAboveTheMinimumDataRateMayTakeLongerThanTheGrace()
    {
        var handler = new CollectingHandler();
        var limits = new SmtpLimits { CommandTimeout = TimeSpan.FromMilliseconds(500), MinDataRate = 500, DataTimeout = TimeSpan.FromMinutes(1) };
        await using var server = SmtpServer.Start(new IPEndPoint(IPAddress.Loopback, 0), () => handler, new SmtpSessionOptions { Limits = limits });
        var line = new string('y', 998) + "\r\n"; // 1,000 octets every 100 ms: 10 KB/s for 1.5 s, three times the grace
        var transcript = await TrickleAsync(server, Enumerable.Repeat(line, 15).Append(".\r\nQUIT\r\n"), TimeSpan.FromMilliseconds(100));
        Assert.That(transcript, Does.Contain("250 2.0.0 Ok: queued"));
        Assert.That(handler.Messages, Has.Count.EqualTo(1));
    }
}
