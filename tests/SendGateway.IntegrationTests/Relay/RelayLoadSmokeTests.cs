using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Relay;

/// <summary>
/// reliability.md T32, scaled down: Postfix's smtp-source (5 sessions reusing their connections, 20 messages each, 5
/// recipients per message, every recipient a new address) against the relay with a delivery worker, with a
/// per-recipient ledger at the MX. The relay takes 4 recipients per message here, so the fifth of each gets 452: every
/// recipient answered 250 is delivered exactly once, and none answered 452 is queued or delivered. smtp-source speaks
/// neither STARTTLS nor AUTH, so its address is a trusted network of the tenant.
/// </summary>
[TestFixture]
public sealed class RelayLoadSmokeTests
{
    private const string Domain = "smoke-sender.test";
    private const int Sessions = 5;
    private const int MessagesPerSession = 20;
    private const int RecipientsPerMessage = 5;
    private const int Accepted = 4;
    private SendGatewayFactory _relay = null!;
    private TestTenant _tenant = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        // The tenant must exist before the relay that trusts a network for it starts: create it on a first instance.
        await using var setup = new SendGatewayFactory("api,events");
        var tenant = await setup.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, Domain);
        _relay = new SendGatewayFactory("api,relay,delivery,events", new Dictionary<string, string?>
        {
            ["SendGateway:Relay:TrustedNetworks:0:Network"] = "127.0.0.1/32",
            ["SendGateway:Relay:TrustedNetworks:0:TenantId"] = tenant.Id,
            ["SendGateway:Relay:MaxRecipients"] = Accepted.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["SendGateway:Relay:MaxErrors"] = "1000", // each 452 counts as an error, and a session reuses its connection for ~20 messages
        }, setup.RedisDatabase, setup.PostgresDatabase);
        _relay.StartServer();
        tenant.Client.Dispose();
        _tenant = tenant with { Client = _relay.Authorized(tenant.ApiKey) };
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _tenant.Dispose();
        await _relay.DisposeAsync();
    }

    [Test]
    public async Task AnSmtpSourceRunIsDeliveredExactlyOncePerAcceptedRecipientAndNeverForARefusedOne()
    {
        var run = Guid.NewGuid().ToString("N")[..12];
        var start = new ProcessStartInfo(new[] { "/usr/sbin/smtp-source", "/usr/bin/smtp-source" }.First(File.Exists),
        [
            "-A", "-d", "-N", "-s", $"{Sessions}", "-m", $"{Sessions * MessagesPerSession}", "-r", $"{RecipientsPerMessage}", "-l", "2000",
            "-M", "smoke.test", "-f", $"app@{Domain}", "-t", $"s{run}@mx-ok.test", "-S", "smoke", $"127.0.0.1:{_relay.SubmissionPort}",
        ]) { RedirectStandardOutput = true, RedirectStandardError = true };
        var watch = Stopwatch.StartNew();
        using (var source = Process.Start(start)!)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            var output = source.StandardOutput.ReadToEndAsync(timeout.Token);
            var errors = source.StandardError.ReadToEndAsync(timeout.Token);
            await source.WaitForExitAsync(timeout.Token);
            Assert.That(source.ExitCode, Is.Zero, await output + await errors);
            var other = (await output + await errors).Split('\n').Where(l => l.Contains("warning", StringComparison.Ordinal) && !l.Contains("452 4.5.3", StringComparison.Ordinal)).ToList();
            Assert.That(other, Is.Empty, "every reply but the fifth recipient's 452 was positive");
            Assert.That((await output + await errors).Split('\n').Count(l => l.Contains("452 4.5.3 Error: too many recipients", StringComparison.Ordinal)),
                Is.EqualTo(Sessions * MessagesPerSession), "one 452 per message");
        }

        var submitted = watch.Elapsed;
        var messages = Sessions * MessagesPerSession;
        var all = Enumerable.Range(1, messages * RecipientsPerMessage).Select(n => $"{n}s{run}@mx-ok.test").ToHashSet();
        Dictionary<string, int> Ledger() => TestEnvironment.Mx1.Received.SelectMany(m => m.Recipients).Where(r => r.EndsWith($"s{run}@mx-ok.test", StringComparison.Ordinal))
            .GroupBy(r => r).ToDictionary(g => g.Key, g => g.Count());
        var ledger = await Polling.UntilAsync(() => Task.FromResult(Ledger()), l => l.Count >= messages * Accepted, TimeSpan.FromSeconds(120));
        TestContext.Out.WriteLine($"smtp-source: {messages} messages, {messages * RecipientsPerMessage} recipients submitted in {submitted.TotalSeconds:F1} s; {ledger.Count} delivered after {watch.Elapsed.TotalSeconds:F1} s");

        Assert.That(ledger, Has.Count.EqualTo(messages * Accepted), "every recipient answered 250 is delivered: four of each message's five");
        Assert.That(ledger.Where(r => r.Value != 1), Is.Empty, "each exactly once");
        Assert.That(ledger.Keys, Is.SubsetOf(all));
        var refused = all.Except(ledger.Keys).ToList();
        Assert.That(refused, Has.Count.EqualTo(messages), "one recipient of each message was refused with 452");
        foreach (var rcpt in refused)
        {
            var events = await _tenant.Client.GetFromJsonAsync<JsonElement>($"/v1/events?recipient={Uri.EscapeDataString(rcpt)}");
            Assert.That(events.GetProperty("data").GetArrayLength(), Is.Zero, $"nothing queued for {rcpt}, refused with 452");
        }

        // Positive signal for "nothing more arrives": every accepted recipient has its final event, and still no duplicate.
        foreach (var rcpt in ledger.Keys.Take(20))
        {
            var events = await _tenant.Client.GetFromJsonAsync<JsonElement>($"/v1/events?recipient={Uri.EscapeDataString(rcpt)}");
            Assert.That(events.GetProperty("data").EnumerateArray().Count(e => e.GetProperty("type").GetString() == "injected"), Is.EqualTo(1), rcpt);
        }

        Assert.That(Ledger().Where(r => r.Value != 1), Is.Empty);
    }
}
