using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Relay;

/// <summary>reliability.md T29: the queue is gone at the end of DATA → 451 4.3.0 and no queue id; after recovery the retry gets 250.</summary>
[TestFixture]
public sealed class RelayOutageTests
{
    [Test]
    public async Task RedisDownAtTheEndOfDataIs451AndTheRetryAfterRecoveryIsQueued()
    {
        await using var redis = new RedisProcess();
        await redis.StartAsync();
        await using var relay = new SendGatewayFactory("api,relay", new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = $"127.0.0.1:{redis.Port},connectTimeout=1000,syncTimeout=2000,asyncTimeout=2000",
        });
        relay.StartServer();
        using var tenant = await relay.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, "outage.test");
        var credential = await (await tenant.Client.PostAsJsonAsync("/v1/smtp-credentials", new { name = "outage" })).Content.ReadFromJsonAsync<JsonElement>();
        var (user, password) = (credential.GetProperty("username").GetString()!, credential.GetProperty("password").GetString()!);

        async Task<string> SubmitAsync(Func<Task>? beforeBody = null)
        {
            await using var client = await RawSmtpClient.ConnectAsync(relay.SubmissionPort);
            await client.SendAsync("EHLO raw.test\r\n");
            await client.StartTlsAsync();
            await client.SendAsync("EHLO raw.test\r\n");
            await client.SendAsync($"AUTH PLAIN {RawSmtpClient.Plain(user, password)}\r\n");
            await client.SendAsync("MAIL FROM:<a@outage.test>\r\nRCPT TO:<r@mx-ok.test>\r\n", replies: 2);
            await client.SendAsync("DATA\r\n");
            if (beforeBody is not null)
            {
                await beforeBody();
            }

            return await client.SendAsync("From: a@outage.test\r\nSubject: outage\r\n\r\nbody\r\n.\r\n", replies: 1);
        }

        var duringOutage = await SubmitAsync(redis.StopAsync);
        Assert.That(duringOutage, Is.EqualTo("451 4.3.0 Error: queue file write error\r\n"));

        await redis.StartAsync();
        string afterRecovery = string.Empty;
        for (var i = 0; i < 20 && !afterRecovery.StartsWith("250", StringComparison.Ordinal); i++)
        {
            await Task.Delay(500); // the multiplexer reconnects in the background
            afterRecovery = await SubmitAsync();
        }

        Assert.That(afterRecovery, Does.StartWith("250 2.0.0 Ok: queued as bat_"));
    }
}
