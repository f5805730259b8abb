using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Relay;

/// <summary>A SendGateway with the relay role on real Kestrel ports, one tenant, its sender domain and SMTP credentials.</summary>
public abstract class RelayFixture
{
    protected const string Domain = "relay-sender.test";

    protected SendGatewayFactory Factory { get; private set; } = null!;

    protected TestTenant Tenant { get; private set; } = null!;

    protected string Username { get; private set; } = null!;

    protected string Password { get; private set; } = null!;

    /// <summary>Relay settings of a fixture that needs its own limits (none: the defaults).</summary>
    protected virtual IDictionary<string, string?>? Settings => null;

    /// <summary>Where a fixture reads the relay's logs, and the clock it moves (none: the real ones).</summary>
    protected virtual Microsoft.Extensions.Logging.ILoggerProvider? Logs => null;

    protected virtual TimeProvider? Clock => null;

    [OneTimeSetUp]
    public async Task StartRelayAsync()
    {
        Factory = new SendGatewayFactory("api,relay,delivery,events", Settings, logs: Logs, clock: Clock);
        Factory.StartServer();
        Tenant = await Factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(Tenant, Domain);
        var response = await Tenant.Client.PostAsJsonAsync("/v1/smtp-credentials", new { name = "app" });
        response.EnsureSuccessStatusCode();
        var credential = await response.Content.ReadFromJsonAsync<JsonElement>();
        Username = credential.GetProperty("username").GetString()!;
        Password = credential.GetProperty("password").GetString()!;
    }

    [OneTimeTearDown]
    public async Task StopRelayAsync()
    {
        Tenant.Dispose();
        await Factory.DisposeAsync();
    }

    /// <summary>A raw session that is through STARTTLS and AUTH PLAIN.</summary>
    protected async Task<RawSmtpClient> AuthenticatedAsync()
    {
        var client = await RawSmtpClient.ConnectAsync(Factory.SubmissionPort);
        await client.SendAsync("EHLO raw.test\r\n");
        await client.StartTlsAsync();
        await client.SendAsync("EHLO raw.test\r\n");
        var auth = await client.SendAsync($"AUTH PLAIN {RawSmtpClient.Plain(Username, Password)}\r\n");
        Assert.That(auth, Does.StartWith("235 2.7.0"));
        return client;
    }

    /// <summary>The id of the message queued for <paramref name="recipient"/>, once the ingester has recorded it.</summary>
    protected async Task<string> MessageIdForAsync(string recipient)
    {
        for (var i = 0; i < 300; i++)
        {
            if ((await EventsForAsync(recipient)).FirstOrDefault() is { ValueKind: JsonValueKind.Object } first)
            {
                return first.GetProperty("message_id").GetString()!;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"No message was queued for {recipient}");
        return string.Empty;
    }

    /// <summary>
    /// Nothing was queued for <paramref name="recipient"/>: a marker is submitted to the same domain (so the same shard)
    /// afterwards and, once the ingester has recorded it, an earlier injected event would have been recorded too.
    /// </summary>
    protected async Task AssertNothingQueuedAsync(string recipient)
    {
        var marker = $"marker-{Guid.NewGuid():N}@{recipient[(recipient.IndexOf('@') + 1)..]}";
        await using (var client = await AuthenticatedAsync())
        {
            await client.SendAsync($"MAIL FROM:<app@{Domain}>\r\nRCPT TO:<{marker}>\r\n", replies: 2);
            await client.SendAsync("DATA\r\n");
            Assert.That(await client.SendAsync($"From: app@{Domain}\r\nSubject: marker\r\n\r\nm\r\n.\r\n"), Does.StartWith("250 "));
        }

        await MessageIdForAsync(marker);
        Assert.That(await EventsForAsync(recipient), Is.Empty, "nothing may be queued");
    }

    /// <summary>The events of every message sent to <paramref name="recipient"/> (none when nothing was queued).</summary>
    protected async Task<JsonElement[]> EventsForAsync(string recipient)
    {
        var page = await Tenant.Client.GetFromJsonAsync<JsonElement>($"/v1/events?recipient={Uri.EscapeDataString(recipient)}");
        return [.. page.GetProperty("data").EnumerateArray()];
    }
}
