using System.Diagnostics;
using System.Text.RegularExpressions;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Sink;

/// <summary>
/// The capture sink's benchmark mode (make bench-kumo), run as the bench runs it: the built SendGateway.Sink on an
/// ephemeral loopback port, spoken to over raw SMTP, its counts read from the line it prints.
/// </summary>
[TestFixture]
public sealed partial class SmartSinkTests
{
    private static readonly string Sink = Path.Combine(TestPaths.RepositoryRoot(), "src", "SendGateway.Sink", "bin", "Release", "net10.0", "SendGateway.Sink.dll");

    [Test]
    public async Task RefusesTheAskedSharesOfRecipientsAndCountsWhatItAnswered()
    {
        const int Recipients = 2000;
        var port = ProcessRunner.FreePort();
        await using var sink = await StartAsync(port, "--temporary-percent", "5", "--permanent-percent", "2", "--seed", "7");
        await using var client = await RawSmtpClient.ConnectAsync(port);
        await client.SendAsync("EHLO bench.test\r\n");
        var replies = new Dictionary<string, int>();
        for (var i = 0; i < Recipients; i++)
        {
            await client.SendAsync("MAIL FROM:<bench@bench-sender.test>\r\n");
            var code = (await client.SendAsync($"RCPT TO:<{i}rcpt@bench.test>\r\n"))[..3];
            replies[code] = replies.GetValueOrDefault(code) + 1;
            await client.SendAsync(code == "250" ? "DATA\r\n" : "RSET\r\n");
            if (code == "250")
            {
                Assert.That(await client.SendAsync("Subject: bench\r\n\r\nbody\r\n.\r\n"), Does.StartWith("250 2.0.0"));
            }
        }

        Assert.That(replies.GetValueOrDefault("451"), Is.InRange(Recipients * 3 / 100, Recipients * 7 / 100), "about 5 % temporary");
        Assert.That(replies.GetValueOrDefault("550"), Is.InRange(Recipients * 1 / 100, Recipients * 3 / 100), "about 2 % permanent");
        var expected = $"counts accepted={replies["250"]} temporary={replies.GetValueOrDefault("451")} permanent={replies.GetValueOrDefault("550")}";
        Assert.That(await LastCountsAsync(sink, expected), Is.EqualTo(expected));
    }

    [Test]
    public async Task RefusesEveryRecipientTemporarilyAtOneHundredPercent()
    {
        var port = ProcessRunner.FreePort();
        await using var sink = await StartAsync(port, "--temporary-percent", "100");
        await using var client = await RawSmtpClient.ConnectAsync(port);
        await client.SendAsync("EHLO bench.test\r\n");
        await client.SendAsync("MAIL FROM:<bench@bench-sender.test>\r\n");
        for (var i = 0; i < 10; i++)
        {
            Assert.That(await client.SendAsync($"RCPT TO:<{i}rcpt@bench.test>\r\n"), Does.StartWith("451 4.3.0"));
        }

        Assert.That(await client.SendAsync("DATA\r\n"), Does.StartWith("554"), "no valid recipients");
        const string Expected = "counts accepted=0 temporary=10 permanent=0";
        Assert.That(await LastCountsAsync(sink, Expected), Is.EqualTo(Expected));
    }

    private static async Task<CapturedProcess> StartAsync(int port, params string[] options)
    {
        Assert.That(File.Exists(Sink), Is.True, $"{Sink} is built with the solution");
        var sink = CapturedProcess.Start(new ProcessStartInfo("dotnet", [Sink, "--listen", $"127.0.0.1:{port}", "--discard", "--counts-interval-ms", "50", .. options]));
        await Polling.UntilAsync(() => Task.FromResult(sink.Output), o => o.Contains("listening", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        return sink;
    }

    private static async Task<string> LastCountsAsync(CapturedProcess sink, string expected) =>
        await Polling.UntilAsync(() => Task.FromResult(CountsLine().Matches(sink.Output).LastOrDefault()?.Value ?? string.Empty), line => line == expected, TimeSpan.FromSeconds(10));

    [GeneratedRegex("counts accepted=[0-9]+ temporary=[0-9]+ permanent=[0-9]+")]
    private static partial Regex CountsLine();
}
