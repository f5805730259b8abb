using System.Net;
using System.Net.Sockets;
using System.Text;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Relay;

/// <summary>
/// reliability.md T06, T16, T18, T27 and T31 through the relay as it runs, with a delivery worker: the catalogue's exact
/// reply, nothing queued for what was refused or left unfinished, and an acknowledged message delivered once. The greet
/// wait is on here (it is off by default: see RelayOptions.PregreetWait).
/// </summary>
[TestFixture]
public sealed class RelaySessionEdgeTests : RelayFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["SendGateway:Relay:PregreetWait"] = "00:00:00.300",
    };

    private static string Rcpt(string name) => $"{name}-{Guid.NewGuid():N}@mx-ok.test";

    private static string Body(string subject) => $"From: app@{Domain}\r\nSubject: {subject}\r\n\r\nbody\r\n.\r\n";

    private async Task DeliveredOnceAsync(string rcpt)
    {
        await Tenant.WaitForStatusAsync(await MessageIdForAsync(rcpt), "ok", seconds: 60);
        Assert.That(TestEnvironment.Mx1.For(rcpt).Count(), Is.EqualTo(1), $"delivered exactly once: {rcpt}");
    }

    [Test]
    public async Task AClientSpeakingBeforeTheGreetingGets554AndIsClosed()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, Factory.SubmissionPort);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("EHLO pregreet.test\r\n"));
        var received = new StringBuilder();
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        int read;
        while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
        {
            received.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        Assert.That(received.ToString(), Is.EqualTo("554 5.5.0 Error: SMTP protocol synchronization\r\n"), "no greeting, one refusal, then the close");

        await using var patient = await RawSmtpClient.ConnectAsync(Factory.SubmissionPort);
        Assert.That(patient.Transcript, Does.StartWith("220 relay.sendgateway.test"), "a client that waits for the greeting is served");
    }

    [Test]
    public async Task CommandLinesOf64KbAnd100MbWithoutALineEndAre500AndMemoryStaysFlat()
    {
        await using var client = await RawSmtpClient.ConnectAsync(Factory.SubmissionPort);
        Assert.That(await client.SendAsync("EHLO " + new string('h', 512 - 7) + "\r\n"), Does.StartWith("250"), "512 octets with the CRLF is a command");
        Assert.That(await client.SendAsync("EHLO " + new string('h', 64 * 1024) + "\r\n"), Is.EqualTo("500 5.5.2 Error: command too long\r\n"));

        // 100 MB of one line, written from one reused megabyte: whatever the process holds more comes from the relay.
        var chunk = Encoding.ASCII.GetBytes(new string('x', 1 << 20));
        var before = ResidentBytes();
        var peak = before;
        await using (var other = await AuthenticatedAsync())
        {
            var rcpt = Rcpt("beside-flood");
            var flood = Task.Run(async () =>
            {
                for (var i = 0; i < 100; i++)
                {
                    await client.WriteAsync(chunk);
                    peak = Math.Max(peak, ResidentBytes());
                }
            });
            await other.SendAsync($"MAIL FROM:<app@{Domain}>\r\nRCPT TO:<{rcpt}>\r\n", replies: 2);
            Assert.That(await other.SendAsync("DATA\r\n"), Does.StartWith("354"));
            Assert.That(await other.SendAsync(Body("beside a flood")), Does.StartWith("250 2.0.0 Ok: queued as"), "another session is served meanwhile");
            await flood;
            await DeliveredOnceAsync(rcpt);
        }

        Assert.That(peak - before, Is.LessThan(64L << 20), "the relay discards an over-long line while reading it");
        Assert.That(await client.SendAsync("\r\n"), Is.EqualTo("500 5.5.2 Error: command too long\r\n"));
        Assert.That(await client.SendAsync("NOOP\r\n"), Is.EqualTo("250 2.0.0 Ok\r\n"), "the session goes on");
    }

    private static long ResidentBytes()
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }

    [Test]
    public async Task ATextLineOf1000OctetsIsDeliveredAndOneOf1001Is554AfterTheDotWithNothingQueued()
    {
        var fits = Rcpt("line1000");
        var over = Rcpt("line1001");
        var longest = new string('y', 998);
        await using var client = await AuthenticatedAsync();
        await client.SendAsync($"MAIL FROM:<app@{Domain}>\r\nRCPT TO:<{fits}>\r\n", replies: 2);
        Assert.That(await client.SendAsync("DATA\r\n"), Does.StartWith("354"));
        Assert.That(await client.SendAsync($"From: app@{Domain}\r\nSubject: 1000\r\n\r\n{longest}\r\n.\r\n"), Does.StartWith("250 2.0.0 Ok: queued as"));

        await client.SendAsync($"MAIL FROM:<app@{Domain}>\r\nRCPT TO:<{over}>\r\n", replies: 2);
        Assert.That(await client.SendAsync("DATA\r\n"), Does.StartWith("354"));
        Assert.That(await client.SendAsync($"From: app@{Domain}\r\nSubject: 1001\r\n\r\n{longest}y\r\nafter\r\n.\r\n"),
            Is.EqualTo("554 5.6.0 Error: line longer than 998 characters\r\n"), "read to the dot, then one refusal");
        Assert.That(await client.SendAsync("NOOP\r\n"), Does.StartWith("250"));

        await DeliveredOnceAsync(fits);
        Assert.That(TestEnvironment.Mx1.For(fits).Single().Parse().TextBody!.TrimEnd('\r', '\n'), Is.EqualTo(longest));
        await AssertNothingQueuedAsync(over);
    }

    [Test]
    public async Task StateErrorsGetPostfixsRepliesAndQueueNothing()
    {
        var refused = Rcpt("state");
        await using (var early = await RawSmtpClient.ConnectAsync(Factory.SubmissionPort))
        {
            Assert.That(await early.SendAsync($"MAIL FROM:<app@{Domain}>\r\n"), Is.EqualTo("503 5.5.1 Error: send HELO/EHLO first\r\n"));
        }

        await using var client = await AuthenticatedAsync();
        Assert.That(await client.SendAsync($"RCPT TO:<{refused}>\r\n"), Is.EqualTo("503 5.5.1 Error: need MAIL command\r\n"));
        Assert.That(await client.SendAsync($"MAIL FROM:<app@{Domain}>\r\n"), Does.StartWith("250"));
        Assert.That(await client.SendAsync("DATA\r\n"), Is.EqualTo("503 5.5.1 Error: need RCPT command\r\n"));
        Assert.That(await client.SendAsync($"MAIL FROM:<app@{Domain}>\r\n"), Is.EqualTo("503 5.5.1 Error: nested MAIL command\r\n"));
        Assert.That(await client.SendAsync("RCPT TO:<not an address>\r\n"), Does.StartWith("501 5.1.3"));
        Assert.That(await client.SendAsync("DATA\r\n"), Is.EqualTo("554 5.5.1 Error: no valid recipients\r\n"), "every RCPT was refused");
        Assert.That(await client.SendAsync($"VRFY {refused}\r\n"), Is.EqualTo("502 5.5.1 VRFY command is disabled\r\n"));
        Assert.That(await client.SendAsync("EXPN staff\r\n"), Is.EqualTo("502 5.5.1 EXPN command is disabled\r\n"));
        Assert.That(await client.SendAsync("ETRN mx-ok.test\r\n"), Is.EqualTo("502 5.5.1 ETRN command is disabled\r\n"));
        await AssertNothingQueuedAsync(refused);
    }

    [Test]
    public async Task TwentyOneBadCommandsEndTheSessionWith421()
    {
        await using var client = await RawSmtpClient.ConnectAsync(Factory.SubmissionPort);
        await client.SendAsync("EHLO raw.test\r\n");
        for (var i = 0; i < 20; i++)
        {
            Assert.That(await client.SendAsync("XYZZY\r\n"), Is.EqualTo("500 5.5.2 Error: command not recognized\r\n"), $"bad command {i + 1}");
        }

        Assert.That(await client.SendAsync("XYZZY\r\n"), Is.EqualTo("421 4.7.0 relay.sendgateway.test Error: too many errors\r\n"));
        Assert.That(await client.ReadReplyAsync(5), Is.Empty, "closed");
    }

    [Test]
    public async Task PastOneHundredJunkCommandsEachCountsAsAnErrorUntil421()
    {
        await using var client = await RawSmtpClient.ConnectAsync(Factory.SubmissionPort);
        await client.SendAsync("EHLO raw.test\r\n");
        for (var i = 0; i < 100; i++)
        {
            Assert.That(await client.SendAsync(i % 2 == 0 ? "NOOP\r\n" : "RSET\r\n"), Does.StartWith("250 2.0.0"), $"junk command {i + 1} is within the limit");
        }

        // Each further one is still answered, and counts as an error: the 21st error (MaxErrors 20) ends the session.
        for (var i = 0; i < 20; i++)
        {
            Assert.That(await client.SendAsync("NOOP\r\n"), Is.EqualTo("250 2.0.0 Ok\r\n"), $"NOOP {101 + i}");
        }

        Assert.That(await client.SendAsync("NOOP\r\n"), Is.EqualTo("421 4.7.0 relay.sendgateway.test Error: too many errors\r\n"));
    }

    [Test]
    public async Task RsetClearsTheTransactionAndOnlyTheRecipientAfterItIsDelivered()
    {
        var dropped = Rcpt("before-rset");
        var kept = Rcpt("after-rset");
        await using var client = await AuthenticatedAsync();
        await client.SendAsync($"MAIL FROM:<app@{Domain}>\r\nRCPT TO:<{dropped}>\r\n", replies: 2);
        Assert.That(await client.SendAsync("RSET\r\n"), Is.EqualTo("250 2.0.0 Ok\r\n"));
        Assert.That(await client.SendAsync($"RCPT TO:<{kept}>\r\n"), Is.EqualTo("503 5.5.1 Error: need MAIL command\r\n"), "no transaction after RSET");
        Assert.That(await client.SendAsync("DATA\r\n"), Is.EqualTo("503 5.5.1 Error: need MAIL command\r\n"));
        await client.SendAsync($"MAIL FROM:<app@{Domain}>\r\nRCPT TO:<{kept}>\r\n", replies: 2);
        Assert.That(await client.SendAsync("DATA\r\n"), Does.StartWith("354"));
        Assert.That(await client.SendAsync(Body("after RSET")), Does.StartWith("250 2.0.0 Ok: queued as"));

        await DeliveredOnceAsync(kept);
        Assert.That(TestEnvironment.Mx1.For(kept).Single().Recipients, Is.EqualTo(new[] { kept }));
        await AssertNothingQueuedAsync(dropped);
    }

    [TestCase("QUIT\r\n")]
    [TestCase("")]
    public async Task AClientLeavingDuringDataQueuesNothing(string lastWords)
    {
        var rcpt = Rcpt("left");
        await using (var client = await AuthenticatedAsync())
        {
            await client.SendAsync($"MAIL FROM:<app@{Domain}>\r\nRCPT TO:<{rcpt}>\r\n", replies: 2);
            Assert.That(await client.SendAsync("DATA\r\n"), Does.StartWith("354"));
            await client.WriteAsync(Encoding.ASCII.GetBytes($"From: app@{Domain}\r\nSubject: unfinished\r\n\r\nhalf a body\r\n{lastWords}"));
        }

        await AssertNothingQueuedAsync(rcpt);
    }

    [Test]
    public async Task QuitAfterA250LeavesTheMessageToBeDeliveredOnce()
    {
        var rcpt = Rcpt("quit-after");
        await using (var client = await AuthenticatedAsync())
        {
            await client.SendAsync($"MAIL FROM:<app@{Domain}>\r\nRCPT TO:<{rcpt}>\r\n", replies: 2);
            Assert.That(await client.SendAsync("DATA\r\n"), Does.StartWith("354"));
            Assert.That(await client.SendAsync(Body("then QUIT")), Does.StartWith("250 2.0.0 Ok: queued as"));
            Assert.That(await client.SendAsync("QUIT\r\n"), Is.EqualTo("221 2.0.0 Bye\r\n"));
        }

        await DeliveredOnceAsync(rcpt);
    }
}
