using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Relay;

/// <summary>Relay limits that need their own settings: trusted networks, connections per address, timeouts, recipient floods.</summary>
[TestFixture]
public sealed class RelayLimitsTests
{
    private const string Domain = "limits-sender.test";
    private SendGatewayFactory _relay = null!;
    private TestTenant _tenant = null!;
    private string _username = null!;
    private string _password = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        // The tenant must exist before the relay that trusts a network for it starts: create it on a first instance.
        await using (var setup = new SendGatewayFactory("api,events"))
        {
            using var tenant = await setup.CreateTenantAsync();
            await SendGatewayFactory.AddDomainAsync(tenant, Domain);
            _relay = new SendGatewayFactory("api,relay,delivery,events", new Dictionary<string, string?>
            {
                ["SendGateway:Relay:TrustedNetworks:0:Network"] = "127.0.0.3/32",
                ["SendGateway:Relay:TrustedNetworks:0:TenantId"] = tenant.Id,
                ["SendGateway:Relay:MaxConnectionsPerIp"] = "3",
                ["SendGateway:Relay:MaxConnections"] = "6",
                ["SendGateway:Relay:CommandTimeout"] = "00:00:01",
                ["SendGateway:Relay:MaxRecipients"] = "3",
                ["SendGateway:Relay:MaxErrors"] = "4",
                ["SendGateway:Relay:MaxAuthFailuresPerIp"] = "2",
                ["SendGateway:Relay:MaxAuthFailuresPerSession"] = "10",
            }, setup.RedisDatabase, setup.PostgresDatabase);
            _relay.StartServer();
            _tenant = tenant with { Client = _relay.Authorized(tenant.ApiKey) };
            var credential = await (await _tenant.Client.PostAsJsonAsync("/v1/smtp-credentials", new { name = "limits" })).Content.ReadFromJsonAsync<JsonElement>();
            (_username, _password) = (credential.GetProperty("username").GetString()!, credential.GetProperty("password").GetString()!);
        }
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _tenant.Dispose();
        await _relay.DisposeAsync();
    }

    [Test]
    public async Task ATrustedNetworkRelaysWithoutAuthAsItsTenant()
    {
        var rcpt = $"trusted-{Guid.NewGuid():N}@mx-ok.test";
        await using var client = await RawSmtpClient.ConnectAsync(_relay.SubmissionPort, source: "127.0.0.3");
        await client.SendAsync("EHLO appliance.test\r\n");
        Assert.That(await client.SendAsync($"MAIL FROM:<box@{Domain}>\r\nRCPT TO:<{rcpt}>\r\n", replies: 2), Does.Contain("250 2.1.5"));
        Assert.That(await client.SendAsync("DATA\r\n"), Does.StartWith("354"));
        Assert.That(await client.SendAsync($"From: box@{Domain}\r\nSubject: appliance\r\n\r\nhello\r\n.\r\n"), Does.StartWith("250 2.0.0 Ok: queued as bat_"));

        var copies = await Polling.UntilAsync(() => Task.FromResult(TestEnvironment.Mx1.For(rcpt).Count()), n => n > 0, TimeSpan.FromSeconds(30));
        Assert.That(copies, Is.EqualTo(1));
    }

    [Test]
    public async Task FailedLoginsFromOneAddressAreThrottledWithoutLockingTheUserOutElsewhere()
    {
        async Task<string> LoginAsync(string source, string password)
        {
            await using var client = await RawSmtpClient.ConnectAsync(_relay.SubmissionPort, source);
            await client.SendAsync("EHLO raw.test\r\n");
            await client.StartTlsAsync();
            await client.SendAsync("EHLO raw.test\r\n");
            return await client.SendAsync($"AUTH PLAIN {RawSmtpClient.Plain(_username, password)}\r\n");
        }

        Assert.That(await LoginAsync("127.0.0.9", "wrong"), Does.StartWith("535 5.7.8"));
        Assert.That(await LoginAsync("127.0.0.9", "wrong"), Does.StartWith("535 5.7.8"));
        Assert.That(await LoginAsync("127.0.0.9", _password), Does.StartWith("454 4.7.0 Temporary authentication failure"), "throttled address, even with the right password");
        Assert.That(await LoginAsync("127.0.0.10", _password), Does.StartWith("235 2.7.0"), "the real user elsewhere is not locked out");
    }

    [Test]
    public async Task AnUntrustedAddressStillNeedsAuth()
    {
        await using var client = await RawSmtpClient.ConnectAsync(_relay.SubmissionPort, source: "127.0.0.6");
        await client.SendAsync("EHLO other.test\r\n");
        Assert.That(await client.SendAsync($"MAIL FROM:<box@{Domain}>\r\n"), Does.StartWith("530 5.7.0 Must issue a STARTTLS command first"));
    }

    [Test]
    public async Task ConnectionsPastThePerAddressLimitGet421()
    {
        var open = new List<RawSmtpClient>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                open.Add(await RawSmtpClient.ConnectAsync(_relay.SubmissionPort, source: "127.0.0.7"));
            }

            await using var fourth = await RawSmtpClient.ConnectAsync(_relay.SubmissionPort, source: "127.0.0.7");
            Assert.That(fourth.Transcript, Is.EqualTo("421 4.7.0 relay.sendgateway.test Error: too many connections from 127.0.0.7\r\n"));
            Assert.That(open.Select(c => c.Transcript), Is.All.StartWith("220 "));
        }
        finally
        {
            foreach (var client in open)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Test]
    public async Task ConnectionsPastTheTotalLimitGet421WhateverTheirAddress()
    {
        // Positive signal instead of a pause: six connections all greeted, so the sessions of earlier tests have finished
        // closing on the server side (while one lingers, one of the six gets the 421 instead and all six are closed again).
        var open = await Polling.UntilAsync(OpenSixAsync, c => c.Count == 6, TimeSpan.FromSeconds(30));
        try
        {
            Assert.That(open, Has.Count.EqualTo(6), "six connections within the limit of six are greeted");
            await using var seventh = await RawSmtpClient.ConnectAsync(_relay.SubmissionPort, source: "127.0.0.30");
            Assert.That(seventh.Transcript, Does.StartWith("421 4.3.2 relay.sendgateway.test Service not available"));
            Assert.That(open.Select(c => c.Transcript), Is.All.StartWith("220 "));
        }
        finally
        {
            foreach (var client in open)
            {
                await client.DisposeAsync();
            }
        }
    }

    /// <summary>Six connections from six addresses, all greeted with 220; none (all closed again) when one was not.</summary>
    private async Task<List<RawSmtpClient>> OpenSixAsync()
    {
        var open = new List<RawSmtpClient>();
        for (var i = 0; i < 6; i++)
        {
            open.Add(await RawSmtpClient.ConnectAsync(_relay.SubmissionPort, source: $"127.0.0.{20 + i}"));
        }

        if (open.All(c => c.Transcript.StartsWith("220 ", StringComparison.Ordinal)))
        {
            return open;
        }

        foreach (var client in open)
        {
            await client.DisposeAsync();
        }

        return [];
    }

    [Test]
    public async Task ABodyTrickledBelowTheMinimumDataRateGets421AndNothingIsQueued()
    {
        var rcpt = $"slow-{Guid.NewGuid():N}@mx-ok.test";
        await using var client = await RawSmtpClient.ConnectAsync(_relay.SubmissionPort, source: "127.0.0.3");
        await client.SendAsync("EHLO slow.test\r\n");
        Assert.That(await client.SendAsync($"MAIL FROM:<app@{Domain}>\r\n"), Does.StartWith("250"));
        Assert.That(await client.SendAsync($"RCPT TO:<{rcpt}>\r\n"), Does.StartWith("250"));
        Assert.That(await client.SendAsync("DATA\r\n"), Does.StartWith("354"));
        var reply = await client.TrickleAsync(new string('x', 60) + "\r\n.\r\n", TimeSpan.FromMilliseconds(100)); // 10 B/s; grace 1 s, 500 B/s required
        Assert.That(reply, Does.StartWith("421 4.4.2 relay.sendgateway.test Error: timeout exceeded"));
        Assert.That(client.Transcript, Does.Contain("421 4.4.2"));

        // Positive signal: a marker to the same domain, submitted afterwards, is ingested; the cut-off one is not there.
        var marker = $"marker-{Guid.NewGuid():N}@mx-ok.test";
        await using (var next = await RawSmtpClient.ConnectAsync(_relay.SubmissionPort, source: "127.0.0.3"))
        {
            await next.SendAsync("EHLO slow.test\r\n");
            await next.SendAsync($"MAIL FROM:<app@{Domain}>\r\nRCPT TO:<{marker}>\r\n", replies: 2);
            await next.SendAsync("DATA\r\n");
            Assert.That(await next.SendAsync($"From: app@{Domain}\r\nSubject: marker\r\n\r\nm\r\n.\r\n"), Does.StartWith("250 "));
        }

        var markerEvents = await Polling.UntilAsync(
            async () => (await _tenant.Client.GetFromJsonAsync<JsonElement>($"/v1/events?recipient={Uri.EscapeDataString(marker)}")).GetProperty("data").GetArrayLength(),
            n => n > 0, TimeSpan.FromSeconds(30));
        Assert.That(markerEvents, Is.GreaterThan(0), "the marker sent afterwards was ingested: the cut-off message would be there by now");
        var events = await _tenant.Client.GetFromJsonAsync<JsonElement>($"/v1/events?recipient={Uri.EscapeDataString(rcpt)}");
        Assert.That(events.GetProperty("data").GetArrayLength(), Is.Zero);
    }

    [Test]
    public async Task AnIdleClientIsDisconnectedWith421()
    {
        await using var client = await RawSmtpClient.ConnectAsync(_relay.SubmissionPort, source: "127.0.0.8");
        Assert.That(await client.ReadReplyAsync(5), Does.StartWith("421 4.4.2 relay.sendgateway.test Error: timeout exceeded"));
    }

    [Test]
    public async Task RecipientsPastTheLimitGet452AndAFloodEndsIn421()
    {
        await using var client = await RawSmtpClient.ConnectAsync(_relay.SubmissionPort, source: "127.0.0.3");
        await client.SendAsync("EHLO appliance.test\r\n");
        await client.SendAsync($"MAIL FROM:<box@{Domain}>\r\n");
        for (var i = 0; i < 3; i++)
        {
            Assert.That(await client.SendAsync($"RCPT TO:<r{i}@mx-ok.test>\r\n"), Does.StartWith("250 2.1.5"));
        }

        Assert.That(await client.SendAsync("RCPT TO:<r3@mx-ok.test>\r\n"), Does.StartWith("452 4.5.3 Error: too many recipients"));
        var flood = string.Empty;
        for (var i = 4; i < 10 && !flood.StartsWith("421", StringComparison.Ordinal); i++)
        {
            flood = await client.SendAsync($"RCPT TO:<r{i}@mx-ok.test>\r\n");
        }

        Assert.That(flood, Does.StartWith("421 4.7.0 relay.sendgateway.test Error: too many errors"));
    }
}
