using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Faults;

/// <summary>
/// reliability.md T81–T83: the relay process (the real executable) killed with SIGKILL during DATA, and straight after
/// the 250. A message cut off before its dot is never queued; one acknowledged is delivered; a client that resends it
/// with the same X-Idempotency-Key (it may not have seen the 250: T82) gets the same answer and no second copy.
/// </summary>
[TestFixture]
public sealed class RelayCrashTests
{
    [Test]
    public async Task KillingTheRelayDuringDataQueuesNothingAndAfterThe250LosesNothing()
    {
        await using var api = new SendGatewayFactory("api,delivery,events");
        using var tenant = await api.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, "relaycrash.test");
        var credential = await (await tenant.Client.PostAsJsonAsync("/v1/smtp-credentials", new { name = "crash" })).Content.ReadFromJsonAsync<JsonElement>();
        var auth = RawSmtpClient.Plain(credential.GetProperty("username").GetString()!, credential.GetProperty("password").GetString()!);

        // T81: cut off before the dot.
        var cut = $"cut-{Guid.NewGuid():N}@mx-ok.test";
        var (first, port) = await ServerProcess.StartRelayAsync(api);
        await using (var client = await RawSmtpClient.ConnectAsync(port))
        {
            await BeginAsync(client, auth, cut);
            await client.SendAsync("DATA\r\n");
            await client.SendBytesAsync("From: a@relaycrash.test\r\nSubject: cut\r\n\r\nhalf a bo"u8.ToArray(), seconds: 1);
            first.Kill();
            await first.WaitForExitAsync();
        }

        // T83 and T82: a 250, then SIGKILL at once; the client resends with the same key to a new relay process.
        var acked = $"acked-{Guid.NewGuid():N}@mx-ok.test";
        var key = Guid.NewGuid().ToString("N");
        var (second, port2) = await ServerProcess.StartRelayAsync(api);
        var reply = await SubmitAsync(port2, auth, acked, key);
        second.Kill();
        await second.WaitForExitAsync();
        Assert.That(reply, Does.StartWith("250 2.0.0 Ok: queued as bat_"));

        var (third, port3) = await ServerProcess.StartRelayAsync(api);
        try
        {
            Assert.That(await SubmitAsync(port3, auth, acked, key), Is.EqualTo(reply), "the resend gets the first answer and queues nothing");
            var retried = await SubmitAsync(port3, auth, cut, Guid.NewGuid().ToString("N")); // the T81 client's retry

            await Polling.UntilAsync(() => Task.FromResult(TestEnvironment.Mx1.For(acked).Count() + TestEnvironment.Mx1.For(cut).Count()), n => n >= 2, TimeSpan.FromSeconds(60));
            Assert.That(TestEnvironment.Mx1.For(acked).Count(), Is.EqualTo(1), "the acknowledged message is delivered once");
            Assert.That(TestEnvironment.Mx1.For(cut).Count(), Is.EqualTo(1), "the cut-off message only through its retry");
            Assert.That(TestEnvironment.Mx1.For(cut).Single().Parse().Subject, Is.EqualTo("whole"));
            Assert.That(retried, Does.StartWith("250 "));
        }
        finally
        {
            third.Kill();
            await third.WaitForExitAsync();
        }
    }

    private static async Task BeginAsync(RawSmtpClient client, string auth, string recipient)
    {
        await client.SendAsync("EHLO raw.test\r\n");
        await client.SendAsync($"AUTH PLAIN {auth}\r\n");
        await client.SendAsync($"MAIL FROM:<a@relaycrash.test>\r\nRCPT TO:<{recipient}>\r\n", replies: 2);
    }

    private static async Task<string> SubmitAsync(int port, string auth, string recipient, string key)
    {
        await using var client = await RawSmtpClient.ConnectAsync(port);
        await BeginAsync(client, auth, recipient);
        await client.SendAsync("DATA\r\n");
        return await client.SendAsync($"From: a@relaycrash.test\r\nSubject: whole\r\nX-Idempotency-Key: {key}\r\n\r\nthe whole body\r\n.\r\n");
    }
}
