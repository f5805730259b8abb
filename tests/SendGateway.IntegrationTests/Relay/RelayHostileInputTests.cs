using System.Text;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Relay;

/// <summary>reliability.md group A against the real relay: each case gets its exact reply and queues nothing.</summary>
[TestFixture]
public sealed class RelayHostileInputTests : RelayFixture
{
    private static string Rcpt() => $"victim-{Guid.NewGuid():N}@mx-ok.test";

    [Test]
    public async Task AuthIsNotOfferedBeforeTlsAndIs538IfTriedAnyway()
    {
        await using var client = await RawSmtpClient.ConnectAsync(Factory.SubmissionPort);
        var ehlo = await client.SendAsync("EHLO raw.test\r\n");
        Assert.That(ehlo, Does.Contain("STARTTLS").And.Not.Contain("AUTH"));
        Assert.That(await client.SendAsync($"AUTH PLAIN {RawSmtpClient.Plain(Username, Password)}\r\n"),
            Does.StartWith("538 5.7.11 Encryption required for requested authentication mechanism"));
    }

    [Test]
    public async Task NoRelayWithoutAuthentication()
    {
        var rcpt = Rcpt();
        await using var client = await RawSmtpClient.ConnectAsync(Factory.SubmissionPort);
        await client.SendAsync("EHLO raw.test\r\n");
        Assert.That(await client.SendAsync($"MAIL FROM:<app@{Domain}>\r\n"), Is.EqualTo("530 5.7.0 Must issue a STARTTLS command first\r\n"), "before TLS, authentication cannot happen yet");
        Assert.That(await client.SendAsync($"RCPT TO:<{rcpt}>\r\n"), Does.StartWith("503 5.5.1 Error: need MAIL command"));
        await client.StartTlsAsync();
        await client.SendAsync("EHLO raw.test\r\n");
        Assert.That(await client.SendAsync($"MAIL FROM:<app@{Domain}>\r\n"), Is.EqualTo("530 5.7.0 Authentication required\r\n"), "inside TLS, without AUTH");
        await AssertNothingQueuedAsync(rcpt);
    }

    [Test]
    public async Task UnknownUserAndWrongPasswordGetTheSame535AndThreeFailuresEndTheSession()
    {
        await using var client = await RawSmtpClient.ConnectAsync(Factory.SubmissionPort);
        await client.SendAsync("EHLO raw.test\r\n");
        await client.StartTlsAsync();
        var ehlo = await client.SendAsync("EHLO raw.test\r\n");
        Assert.That(ehlo, Does.Contain("AUTH PLAIN LOGIN").And.Not.Contain("STARTTLS"));
        var unknownUser = await client.SendAsync($"AUTH PLAIN {RawSmtpClient.Plain("sgs_nosuchuser000000", Password)}\r\n");
        var wrongPassword = await client.SendAsync($"AUTH PLAIN {RawSmtpClient.Plain(Username, "wrong")}\r\n");
        Assert.That(unknownUser, Is.EqualTo("535 5.7.8 Authentication credentials invalid\r\n"));
        Assert.That(wrongPassword, Is.EqualTo(unknownUser));
        Assert.That(await client.SendAsync($"AUTH LOGIN {Convert.ToBase64String("x"u8.ToArray())}\r\n"), Does.StartWith("334 "));
        Assert.That(await client.SendAsync($"{Convert.ToBase64String("y"u8.ToArray())}\r\n"), Does.StartWith("421 4.7.0 relay.sendgateway.test Too many failed authentications"));
    }

    [TestCase("AUTH CRAM-MD5\r\n", "504 5.5.4 Unrecognized authentication type")]
    [TestCase("AUTH PLAIN !!!notbase64\r\n", "501 5.5.2 Cannot decode response")]
    [TestCase("AUTH PLAIN\r\n*\r\n", "334 \r\n501 5.7.0 Authentication aborted")]
    public async Task AuthProtocolEdges(string input, string expected)
    {
        await using var client = await RawSmtpClient.ConnectAsync(Factory.SubmissionPort);
        await client.SendAsync("EHLO raw.test\r\n");
        await client.StartTlsAsync();
        await client.SendAsync("EHLO raw.test\r\n");
        var reply = await client.SendAsync(input);
        if (!reply.Contains(expected.Split("\r\n")[^1], StringComparison.Ordinal))
        {
            reply += await client.ReadReplyAsync(2);
        }

        Assert.That(reply, Does.Contain(expected.Split("\r\n")[^1]));
    }

    [Test]
    public async Task AuthTwiceAndAuthInATransactionAre503()
    {
        await using var client = await AuthenticatedAsync();
        Assert.That(await client.SendAsync($"AUTH PLAIN {RawSmtpClient.Plain(Username, Password)}\r\n"), Does.StartWith("503 5.5.1 Error: already authenticated"));

        Assert.That(await client.SendAsync($"MAIL FROM:<app@{Domain}>\r\n"), Does.StartWith("250"));
        Assert.That(await client.SendAsync($"AUTH PLAIN {RawSmtpClient.Plain(Username, Password)}\r\n"), Does.StartWith("503 5.5.1"), "AUTH inside a mail transaction");
        Assert.That(await client.SendAsync("RCPT TO:<in-transaction@mx-ok.test>\r\n"), Does.StartWith("250"), "the refused AUTH left the transaction as it was");
    }

    [Test]
    public async Task ASenderOutsideTheTenantsDomainsIs553()
    {
        await using var client = await AuthenticatedAsync();
        Assert.That(await client.SendAsync("MAIL FROM:<ceo@victim.test>\r\n"), Does.StartWith("553 5.7.1 <ceo@victim.test>: Sender address rejected: not owned by user"));
    }

    private async Task<string> SendMessageAsync(RawSmtpClient client, string recipient, string body)
    {
        Assert.That(await client.SendAsync($"MAIL FROM:<app@{Domain}>\r\nRCPT TO:<{recipient}>\r\n", replies: 2), Does.Contain("250 2.1.5"));
        Assert.That(await client.SendAsync("DATA\r\n"), Does.StartWith("354"));
        return await client.SendAsync(body);
    }

    [Test]
    public async Task AHeaderFromOutsideTheTenantsDomainsIs550AtTheEndOfData()
    {
        var rcpt = Rcpt();
        await using var client = await AuthenticatedAsync();
        var reply = await SendMessageAsync(client, rcpt, "From: ceo@victim.test\r\nSubject: x\r\n\r\nbody\r\n.\r\n");
        Assert.That(reply, Does.StartWith("550 5.7.1 From header domain not authorized for this account"));
        await AssertNothingQueuedAsync(rcpt);
    }

    [TestCase("a\n.\nMAIL FROM:<ceo@victim.test>\r\nRCPT TO:<x@mx-ok.test>\r\nDATA\r\nFrom: ceo@victim.test\r\n\r\nspoofed\r\n.\r\n", "550 5.5.2 Error: bare <LF> received")]
    [TestCase("a\r\n.\nsmuggled\r\n.\r\n", "550 5.5.2 Error: bare <LF> received")]
    [TestCase("a\r.\r\nsmuggled\r\n.\r\n", "550 5.5.2 Error: bare <LF> received")]
    [TestCase("a\r\n\0.\r\nsmuggled\r\n.\r\n", "550 5.6.0 Error: NUL character in message")]
    public async Task SmugglingPayloadsQueueNothingAndNeverASecondMessage(string payload, string expected)
    {
        var rcpt = Rcpt();
        await using var client = await AuthenticatedAsync();
        var reply = await SendMessageAsync(client, rcpt, $"From: app@{Domain}\r\nSubject: smuggle\r\n\r\n{payload}");
        Assert.That(reply, Is.EqualTo(expected + "\r\n"), "exactly one reply: the inner commands are never run");
        await AssertNothingQueuedAsync(rcpt);
        await AssertNothingQueuedAsync("x@mx-ok.test");
    }

    [Test]
    public async Task CommandsPipelinedAfterStartTlsAreRefusedAndNeverRunInsideTls()
    {
        await using var client = await RawSmtpClient.ConnectAsync(Factory.SubmissionPort);
        await client.SendAsync("EHLO raw.test\r\n");
        var reply = await client.SendAsync($"STARTTLS\r\nMAIL FROM:<app@{Domain}>\r\n");
        Assert.That(reply, Does.StartWith("554 5.5.0 Error: SMTP protocol synchronization"));
    }

    [TestCase("STARTTLS now\r\n", "501 5.5.4 Syntax: STARTTLS")]
    public async Task StartTlsMisuse(string input, string expected)
    {
        await using var client = await RawSmtpClient.ConnectAsync(Factory.SubmissionPort);
        await client.SendAsync("EHLO raw.test\r\n");
        Assert.That(await client.SendAsync(input), Does.StartWith(expected));
    }

    [TestCase("implicit")]
    [TestCase("starttls")]
    public async Task GarbageInsteadOfATlsHandshakeClosesTheConnectionAndKeepsNoState(string mode)
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(System.Net.IPAddress.Loopback, mode == "implicit" ? Factory.TlsPort : Factory.SubmissionPort);
        var stream = tcp.GetStream();
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        if (mode == "starttls")
        {
            var greeting = await stream.ReadAsync(buffer, timeout.Token);
            Assert.That(Encoding.ASCII.GetString(buffer, 0, greeting), Does.StartWith("220 "));
            await stream.WriteAsync(Encoding.ASCII.GetBytes("EHLO raw.test\r\n"), timeout.Token);
            _ = await stream.ReadAsync(buffer, timeout.Token); // the EHLO reply (one segment on loopback)
            await stream.WriteAsync(Encoding.ASCII.GetBytes("STARTTLS\r\n"), timeout.Token);
            var ready = await stream.ReadAsync(buffer, timeout.Token);
            Assert.That(Encoding.ASCII.GetString(buffer, 0, ready), Does.StartWith("220 2.0.0"));
        }

        await stream.WriteAsync(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n" + new string('A', 2048)), timeout.Token);
        int read;
        var after = new StringBuilder();
        try
        {
            while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
            {
                after.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }
        }
        catch (IOException)
        {
            // reset by the server: also a close
        }

        Assert.That(timeout.IsCancellationRequested, Is.False, "the server closes the connection instead of waiting");
        Assert.That(after.ToString(), Does.Not.Contain("250").And.Not.Contain("220 "), "no SMTP state survives a failed handshake");

        using var good = new MailKit.Net.Smtp.SmtpClient { ServerCertificateValidationCallback = (_, _, _, _) => true, CheckCertificateRevocation = false };
        await good.ConnectAsync("127.0.0.1", Factory.TlsPort, MailKit.Security.SecureSocketOptions.SslOnConnect);
        Assert.That(good.IsSecure, Is.True, "the listener still serves the next client");
        await good.DisconnectAsync(true);
    }

    [Test]
    public async Task StartTlsTwiceIs554()
    {
        await using var client = await RawSmtpClient.ConnectAsync(Factory.SubmissionPort);
        await client.SendAsync("EHLO raw.test\r\n");
        await client.StartTlsAsync();
        await client.SendAsync("EHLO raw.test\r\n");
        Assert.That(await client.SendAsync("STARTTLS\r\n"), Does.StartWith("554 5.5.1 Error: TLS already active"));
    }

    [TestCase("GET / HTTP/1.1\r\n")]
    [TestCase("Host: relay.sendgateway.test\r\n")]
    [TestCase("CONNECT mx.example:25 HTTP/1.1\r\n")]
    public async Task HttpOnTheSmtpPortIsTurnedAway(string input)
    {
        await using var client = await RawSmtpClient.ConnectAsync(Factory.SubmissionPort);
        Assert.That(await client.SendAsync(input), Is.EqualTo("221 2.7.0 Error: I can break rules, too. Goodbye.\r\n"));
    }

    [Test]
    public async Task AMessageWithTooManyHopsIs554()
    {
        var rcpt = Rcpt();
        await using var client = await AuthenticatedAsync();
        var received = string.Concat(Enumerable.Repeat("Received: from a by b; Sun, 22 Nov 2026 10:00:00 +0000\r\n", 51));
        var reply = await SendMessageAsync(client, rcpt, $"{received}From: app@{Domain}\r\nSubject: loop\r\n\r\nbody\r\n.\r\n");
        Assert.That(reply, Does.StartWith("554 5.4.6 Error: too many hops"));
        await AssertNothingQueuedAsync(rcpt);
    }

    [Test]
    public async Task AHeaderBlockOverTheLimitIs552()
    {
        var rcpt = Rcpt();
        await using var client = await AuthenticatedAsync();
        var bomb = string.Concat(Enumerable.Range(0, 1500).Select(i => $"X-Filler-{i}: {new string('h', 80)}\r\n"));
        var reply = await SendMessageAsync(client, rcpt, $"From: app@{Domain}\r\n{bomb}\r\nbody\r\n.\r\n");
        Assert.That(reply, Does.StartWith("552 5.3.4 Error: message header size exceeds limit"));
        await AssertNothingQueuedAsync(rcpt);
    }

    [Test]
    public async Task ADeclaredSizeOverTheLimitIs552AtMail()
    {
        await using var client = await AuthenticatedAsync();
        Assert.That(await client.SendAsync($"MAIL FROM:<app@{Domain}> SIZE=999999999999\r\n"), Does.StartWith("552 5.3.4 Message size exceeds fixed limit"));
        Assert.That(await client.SendAsync($"MAIL FROM:<app@{Domain}> SIZE=99999999999999999999999\r\n"), Does.StartWith("552 5.3.4"));
    }

    [Test]
    public async Task AnInvalidControlHeaderIsRefusedNamingIt()
    {
        var rcpt = Rcpt();
        await using var client = await AuthenticatedAsync();
        var reply = await SendMessageAsync(client, rcpt, $"From: app@{Domain}\r\nX-SG-Metadata: not json\r\n\r\nbody\r\n.\r\n");
        Assert.That(reply, Does.StartWith("554 5.6.0 Error: invalid X-SG-Metadata"));
        await AssertNothingQueuedAsync(rcpt);
    }

    [Test]
    public async Task AnIpPoolTheTenantMayNotUseIs553AndNothingIsQueued()
    {
        var rcpt = Rcpt();
        await using var client = await AuthenticatedAsync();
        var reply = await SendMessageAsync(client, rcpt, $"From: app@{Domain}\r\nX-SG-IP-Pool: someone-elses-pool\r\n\r\nbody\r\n.\r\n");
        Assert.That(reply, Does.StartWith("553 5.7.1"));
        await AssertNothingQueuedAsync(rcpt);
    }

    [Test]
    public async Task UnicodeAddressesNeedSmtpUtf8AndUnknownParametersAre555()
    {
        await using var client = await AuthenticatedAsync();
        Assert.That(await client.SendAsync($"MAIL FROM:<app@{Domain}> FOO=1\r\n"), Does.StartWith("555 5.5.4 Unsupported option: FOO"));
        Assert.That(await client.SendAsync($"MAIL FROM:<app@{Domain}>\r\n"), Does.StartWith("250"));
        Assert.That(await client.SendAsync("RCPT TO:<jörg@mx-ok.test>\r\n"), Does.StartWith("553 5.6.7 Must declare SMTPUTF8 to send unicode address"));
    }

    [Test]
    public async Task InvalidUtf8InACommandIs500AndTheSessionSurvives()
    {
        await using var client = await RawSmtpClient.ConnectAsync(Factory.SubmissionPort);
        Assert.That(await client.SendBytesAsync("EHLO "u8.ToArray().Concat(new byte[] { 0xC3, 0x28 }).Concat("\r\n"u8.ToArray()).ToArray()),
            Is.EqualTo("500 5.5.2 Error: bad UTF-8 syntax\r\n"));
        Assert.That(await client.SendAsync("NOOP\r\n"), Does.StartWith("250 2.0.0 Ok"));
    }

    [Test]
    public async Task BdatEdges()
    {
        var rcpt = Rcpt();
        await using var client = await AuthenticatedAsync();
        Assert.That(await client.SendAsync($"MAIL FROM:<app@{Domain}>\r\nRCPT TO:<{rcpt}>\r\n", replies: 2), Does.Contain("250 2.1.5"));
        Assert.That(await client.SendAsync("BDAT 5\r\nFrom:"), Does.StartWith("250 2.0.0 5 octets received"));
        Assert.That(await client.SendAsync("DATA\r\n"), Does.StartWith("503 5.5.1 Error: DATA after BDAT"));
        Assert.That(await client.SendAsync("BDAT x\r\n"), Does.StartWith("521 5.5.4 Syntax: BDAT count [LAST]"));
        await AssertNothingQueuedAsync(rcpt);
    }

    [Test]
    public async Task ABdatChunkPastTheSizeLimitIsReadAndRefusedWith552()
    {
        var rcpt = Rcpt();
        await using var client = await AuthenticatedAsync();
        await client.SendAsync($"MAIL FROM:<app@{Domain}>\r\nRCPT TO:<{rcpt}>\r\n", replies: 2);
        var size = (25 * 1024 * 1024) + 1;
        var chunk = new byte[size];
        chunk.AsSpan().Fill((byte)'x');
        var reply = await client.SendBytesAsync(System.Text.Encoding.ASCII.GetBytes($"BDAT {size} LAST\r\n").Concat(chunk).ToArray(), seconds: 60);
        Assert.That(reply, Is.EqualTo("552 5.3.4 Chunk exceeds message size limit\r\n"));
        Assert.That(await client.SendAsync("NOOP\r\n"), Does.StartWith("250"), "the session stays in sync after the discarded chunk");
        await AssertNothingQueuedAsync(rcpt);
    }
}
