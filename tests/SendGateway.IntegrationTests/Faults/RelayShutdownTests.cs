using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Faults;

/// <summary>
/// reliability.md T94 for the relay: SIGTERM to a relay process (the real executable) while one session waits for a
/// command and another is in the middle of DATA. The idle session and a new connection get <c>421 4.3.2</c>; the message
/// being received is received and queued (250), then that session gets the 421 too, and the process exits cleanly.
/// </summary>
[TestFixture]
public sealed class RelayShutdownTests
{
    private static readonly string ShuttingDown = $"421 4.3.2 {System.Net.Dns.GetHostName()} Service shutting down"; // RFC 5321 §4.2: the 421 names the host

    [Test]
    public async Task OnSigtermIdleAndNewSessionsGet421WhileAMessageInDataIsQueued()
    {
        await using var api = new SendGatewayFactory("api,events");
        using var tenant = await api.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, "relaystop.test");
        var credential = await (await tenant.Client.PostAsJsonAsync("/v1/smtp-credentials", new { name = "stop" })).Content.ReadFromJsonAsync<JsonElement>();
        var auth = RawSmtpClient.Plain(credential.GetProperty("username").GetString()!, credential.GetProperty("password").GetString()!);
        var (relay, port) = await ServerProcess.StartRelayAsync(api);
        try
        {
            await using var inData = await RawSmtpClient.ConnectAsync(port);
            await SignInAsync(inData, auth);
            await inData.SendAsync($"MAIL FROM:<a@relaystop.test>\r\nRCPT TO:<stop-{Guid.NewGuid():N}@mx-ok.test>\r\n", replies: 2);
            Assert.That(await inData.SendAsync("DATA\r\n"), Does.StartWith("354 "));
            await inData.SendBytesAsync("From: a@relaystop.test\r\nSubject: in flight\r\n\r\nthe first half, "u8.ToArray(), seconds: 1);
            await using var idle = await RawSmtpClient.ConnectAsync(port);
            await SignInAsync(idle, auth);

            await ProcessRunner.RunAsync("kill", ["-TERM", relay.Id.ToString()], CancellationToken.None);

            Assert.That(await idle.ReadReplyAsync(seconds: 30), Does.StartWith(ShuttingDown), "a session waiting for a command is told at once");
            await using (var late = await RawSmtpClient.ConnectAsync(port))
            {
                Assert.That(late.Transcript, Does.StartWith(ShuttingDown), "a new connection during the stop gets 421, not a greeting or a refusal");
            }

            Assert.That(relay.HasExited, Is.False, "the process waits for the message being received");
            Assert.That(await inData.SendAsync("the second half.\r\n.\r\n"), Does.StartWith("250 2.0.0 Ok: queued as bat_"), "the message in DATA is received and queued");
            await inData.ReadReplyAsync(seconds: 30); // the 421 (when it did not come with the 250), then the close
            Assert.That(inData.Transcript, Does.Match(@"250 2\.0\.0 Ok: queued as bat_[^\r\n]+\r\n" + ShuttingDown), "then that session is closed with 421 too");

            await relay.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.That(relay.ExitCode, Is.EqualTo(0), "a graceful stop");
        }
        finally
        {
            if (!relay.HasExited)
            {
                relay.Kill(entireProcessTree: true);
            }

            relay.Dispose();
        }
    }

    private static async Task SignInAsync(RawSmtpClient client, string auth)
    {
        await client.SendAsync("EHLO raw.test\r\n");
        Assert.That(await client.SendAsync($"AUTH PLAIN {auth}\r\n"), Does.StartWith("235 "));
    }
}
