using System.Diagnostics;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Relay;

/// <summary>
/// reliability.md T23 through the relay: a command trickled a byte at a time meets the per-command deadline (2 s here)
/// however steadily its bytes arrive, its connection slot is given back, and a legitimate session is served meanwhile.
/// </summary>
[TestFixture]
public sealed class RelaySlowCommandTests : RelayFixture
{
    private const string Source = "127.0.0.61";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["SendGateway:Relay:CommandTimeout"] = "00:00:02",
        ["SendGateway:Relay:MaxConnectionsPerIp"] = "2",
    };

    [Test]
    public async Task ACommandTrickledAByteAtATimeGets421AtTheCommandTimeoutAndItsSlotIsFreed()
    {
        var rcpt = $"beside-slowloris-{Guid.NewGuid():N}@mx-ok.test";
        await using var first = await RawSmtpClient.ConnectAsync(Factory.SubmissionPort, Source);
        await using var second = await RawSmtpClient.ConnectAsync(Factory.SubmissionPort, Source);
        await using (var third = await RawSmtpClient.ConnectAsync(Factory.SubmissionPort, Source))
        {
            Assert.That(third.Transcript, Is.EqualTo($"421 4.7.0 relay.sendgateway.test Error: too many connections from {Source}\r\n"), "both slots are taken");
        }

        // 66 octets at one per 250 ms would take 16 s: the deadline is for the whole command line, not for each octet.
        var watch = Stopwatch.StartNew();
        var trickles = new[] { first, second }.Select(c => c.TrickleAsync("EHLO " + new string('t', 59) + "\r\n", TimeSpan.FromMilliseconds(250))).ToArray();
        await using (var legitimate = await AuthenticatedAsync())
        {
            await legitimate.SendAsync($"MAIL FROM:<app@{Domain}>\r\nRCPT TO:<{rcpt}>\r\n", replies: 2);
            Assert.That(await legitimate.SendAsync("DATA\r\n"), Does.StartWith("354"));
            Assert.That(await legitimate.SendAsync($"From: app@{Domain}\r\nSubject: beside\r\n\r\nbody\r\n.\r\n"), Does.StartWith("250 2.0.0 Ok: queued as"));
        }

        var replies = await Task.WhenAll(trickles);
        Assert.That(replies, Is.All.EqualTo("421 4.4.2 relay.sendgateway.test Error: timeout exceeded\r\n"));
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(12)), "cut at the command deadline, long before the trickle ends");

        var greeting = await Polling.UntilAsync(
            async () =>
            {
                await using var again = await RawSmtpClient.ConnectAsync(Factory.SubmissionPort, Source);
                return again.Transcript;
            },
            t => t.StartsWith("220 ", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        Assert.That(greeting, Does.StartWith("220 "), "the cut sessions gave their slots back");

        await Tenant.WaitForStatusAsync(await MessageIdForAsync(rcpt), "ok", seconds: 60);
        Assert.That(TestEnvironment.Mx1.For(rcpt).Count(), Is.EqualTo(1), "the legitimate message is delivered once");
    }
}
