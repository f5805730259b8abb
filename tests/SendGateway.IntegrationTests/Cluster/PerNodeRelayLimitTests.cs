using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Cluster;

/// <summary>
/// The relay's limits on one client address are counted by each relay node on its own: N relay nodes allow N times
/// <c>MaxAuthFailuresPerIp</c> failed logins per window and N times <c>MaxConnectionsPerIp</c> open connections
/// (docs/operations/several-hosts.md, "Limits on several nodes"). Two relay processes sharing Redis and PostgreSQL.
/// </summary>
[TestFixture]
public sealed class PerNodeRelayLimitTests
{
    private const int PerIp = 2;
    private SendGatewayFactory _factory = null!;
    private readonly List<(Process Process, int Port)> _relays = [];
    private string _username = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _factory = new SendGatewayFactory(roles: "api");
        var limits = new Dictionary<string, string>
        {
            ["SendGateway:Relay:MaxAuthFailuresPerIp"] = PerIp.ToString(),
            ["SendGateway:Relay:MaxConnectionsPerIp"] = PerIp.ToString(),
            ["SendGateway:Relay:MaxAuthFailuresPerSession"] = "10",
        };
        _relays.Add(await ServerProcess.StartRelayAsync(_factory, limits));
        _relays.Add(await ServerProcess.StartRelayAsync(_factory, limits));
        using var tenant = await _factory.CreateTenantAsync();
        var credential = await (await tenant.Client.PostAsJsonAsync("/v1/smtp-credentials", new { name = "per-node" })).Content.ReadFromJsonAsync<JsonElement>();
        _username = credential.GetProperty("username").GetString()!;
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        foreach (var (process, _) in _relays)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            process.Dispose();
        }

        await _factory.DisposeAsync();
    }

    [Test]
    public async Task FailedLoginsFromOneAddressAreThrottledAfterNodesTimesTheLimit()
    {
        const string source = "127.0.0.41";
        var failures = 0;
        foreach (var (_, port) in _relays)
        {
            for (var i = 0; i < PerIp; i++)
            {
                Assert.That(await LoginAsync(port, source), Does.StartWith("535 5.7.8"), $"failure {i + 1} on the node at {port}");
                failures++;
            }

            Assert.That(await LoginAsync(port, source), Does.StartWith("454 4.7.0"), "this node throttles the address after its own count");
        }

        Assert.That(failures, Is.EqualTo(_relays.Count * PerIp), "N nodes × MaxAuthFailuresPerIp failures per window");
    }

    [Test]
    public async Task OpenConnectionsFromOneAddressAreLimitedToNodesTimesTheLimit()
    {
        const string source = "127.0.0.42";
        var open = new List<RawSmtpClient>();
        try
        {
            foreach (var (_, port) in _relays)
            {
                for (var i = 0; i < PerIp; i++)
                {
                    open.Add(await RawSmtpClient.ConnectAsync(port, source));
                }

                await using var over = await RawSmtpClient.ConnectAsync(port, source);
                Assert.That(over.Transcript, Does.StartWith("421 4.7.0"), "this node refuses the address past its own limit");
            }

            Assert.That(open.Select(c => c.Transcript), Is.All.StartWith("220 "));
            Assert.That(open, Has.Count.EqualTo(_relays.Count * PerIp), "N nodes × MaxConnectionsPerIp open connections");
        }
        finally
        {
            foreach (var client in open)
            {
                await client.DisposeAsync();
            }
        }
    }

    private async Task<string> LoginAsync(int port, string source)
    {
        await using var client = await RawSmtpClient.ConnectAsync(port, source);
        await client.SendAsync("EHLO raw.test\r\n");
        return await client.SendAsync($"AUTH PLAIN {RawSmtpClient.Plain(_username, "wrong-password")}\r\n");
    }
}
