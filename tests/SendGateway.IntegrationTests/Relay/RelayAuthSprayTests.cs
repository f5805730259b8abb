using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Relay;

/// <summary>
/// The relay's table of failed logins is bounded (<c>Relay:MaxAuthFailureEntries</c>, small here) without being
/// cleared wholesale: a spray of failures for many usernames does not give a throttled username its window back.
/// </summary>
[TestFixture]
public sealed class RelayAuthSprayTests
{
    private SendGatewayFactory _relay = null!;
    private TestTenant _tenant = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _relay = new SendGatewayFactory("api,relay", new Dictionary<string, string?>
        {
            ["SendGateway:Relay:MaxAuthFailureEntries"] = "20",
            ["SendGateway:Relay:MaxAuthFailuresPerUsername"] = "3",
            ["SendGateway:Relay:MaxAuthFailuresPerIp"] = "100000",
            ["SendGateway:Relay:MaxAuthFailuresPerSession"] = "100",
            ["SendGateway:Relay:MaxErrors"] = "1000",
        });
        _relay.StartServer();
        _tenant = await _relay.CreateTenantAsync();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _tenant.Dispose();
        await _relay.DisposeAsync();
    }

    [Test]
    public async Task ASprayOfUsernamesDoesNotClearAThrottledUsernamesCount()
    {
        var credential = await (await _tenant.Client.PostAsJsonAsync("/v1/smtp-credentials", new { name = "victim" })).Content.ReadFromJsonAsync<JsonElement>();
        var (username, password) = (credential.GetProperty("username").GetString()!, credential.GetProperty("password").GetString()!);

        await using (var attacker = await TlsSessionAsync("127.0.0.41"))
        {
            for (var i = 0; i < 3; i++)
            {
                Assert.That(await attacker.SendAsync($"AUTH PLAIN {RawSmtpClient.Plain(username, $"guess-{i}")}\r\n"), Does.StartWith("535 5.7.8"));
            }

            Assert.That(await attacker.SendAsync($"AUTH PLAIN {RawSmtpClient.Plain(username, "guess-3")}\r\n"), Does.StartWith("454 4.7.0"), "the username is throttled");

            // Three times the table's bound in distinct usernames, one failure each.
            for (var i = 0; i < 60; i++)
            {
                Assert.That(await attacker.SendAsync($"AUTH PLAIN {RawSmtpClient.Plain($"spray-{i}-{Guid.NewGuid():N}", "x")}\r\n"), Does.StartWith("535 5.7.8"));
            }
        }

        await using var owner = await TlsSessionAsync("127.0.0.42");
        Assert.That(
            await owner.SendAsync($"AUTH PLAIN {RawSmtpClient.Plain(username, password)}\r\n"), Does.StartWith("454 4.7.0"),
            "still throttled after the spray: its window was not forgotten (the right password from elsewhere waits like any other)");
    }

    private async Task<RawSmtpClient> TlsSessionAsync(string source)
    {
        var client = await RawSmtpClient.ConnectAsync(_relay.SubmissionPort, source);
        await client.SendAsync("EHLO spray.test\r\n");
        await client.StartTlsAsync();
        await client.SendAsync("EHLO spray.test\r\n");
        return client;
    }
}
