using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Relay;

/// <summary>
/// reliability.md T09, T10, T12, T13 and T15 through the relay: what AUTH reveals and records, a spray of failures from
/// many addresses against one username, and the audit record of a refused sender. Passwords are hashed with 200 000
/// PBKDF2 iterations here (as in production, not the suite's 10 000), so the hash dominates a login's time.
/// </summary>
[TestFixture]
public sealed class RelayAuthEdgeTests : RelayFixture
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly CapturingLoggerProvider _logs = new();
    private readonly AdjustableTimeProvider _clock = new();

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["SendGateway:Relay:PasswordHashIterations"] = "200000",
        ["SendGateway:Relay:MaxAuthFailuresPerSession"] = "100",
        ["SendGateway:Relay:MaxAuthFailuresPerIp"] = "50",
        ["SendGateway:Relay:MaxAuthFailuresPerUsername"] = "8",
        ["SendGateway:Relay:AuthFailureWindow"] = Window.ToString(),
    };

    protected override Microsoft.Extensions.Logging.ILoggerProvider Logs => _logs;

    protected override TimeProvider Clock => _clock;

    private async Task<(string User, string Password)> NewCredentialAsync()
    {
        var response = await Tenant.Client.PostAsJsonAsync("/v1/smtp-credentials", new { name = $"c-{Guid.NewGuid():N}"[..20] });
        response.EnsureSuccessStatusCode();
        var credential = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (credential.GetProperty("username").GetString()!, credential.GetProperty("password").GetString()!);
    }

    private async Task<RawSmtpClient> TlsSessionAsync(string source)
    {
        var client = await RawSmtpClient.ConnectAsync(Factory.SubmissionPort, source);
        await client.SendAsync("EHLO raw.test\r\n");
        await client.StartTlsAsync();
        await client.SendAsync("EHLO raw.test\r\n");
        return client;
    }

    private async Task<string> LoginAsync(string source, string user, string password)
    {
        await using var client = await TlsSessionAsync(source);
        return await client.SendAsync($"AUTH PLAIN {RawSmtpClient.Plain(user, password)}\r\n");
    }

    [Test]
    public async Task AuthBeforeTlsIs538AndItsCredentialsAreNeitherCheckedNorLogged()
    {
        var (user, password) = await NewCredentialAsync();
        var wrong = $"wrong-{Guid.NewGuid():N}";
        await using (var client = await RawSmtpClient.ConnectAsync(Factory.SubmissionPort, "127.0.0.31"))
        {
            Assert.That(await client.SendAsync("EHLO raw.test\r\n"), Does.Not.Contain("AUTH"));
            for (var i = 0; i < 10; i++)
            {
                Assert.That(await client.SendAsync($"AUTH PLAIN {RawSmtpClient.Plain(user, wrong)}\r\n"),
                    Is.EqualTo("538 5.7.11 Encryption required for requested authentication mechanism\r\n"));
            }

            Assert.That(await client.SendAsync($"AUTH LOGIN {Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(user))}\r\n"), Does.StartWith("538 5.7.11"));
        }

        // Ten wrong passwords before TLS, over the per-username limit of 8: none was checked, so none counted.
        Assert.That(await LoginAsync("127.0.0.32", user, password), Does.StartWith("235 2.7.0"));
        var secrets = new[] { wrong, password, RawSmtpClient.Plain(user, wrong), RawSmtpClient.Plain(user, password) };
        Assert.That(_logs.Lines.Where(l => secrets.Any(s => l.Contains(s, StringComparison.Ordinal))), Is.Empty, "no log line holds a password or an AUTH argument");
    }

    [Test]
    public async Task AnUnknownUserAndAWrongPasswordGetTheSame535InAboutTheSameTime()
    {
        await using var client = await TlsSessionAsync("127.0.0.33");
        async Task<(string Reply, double Ms)> TryAsync(string user, string password)
        {
            var watch = Stopwatch.StartNew();
            var reply = await client.SendAsync($"AUTH PLAIN {RawSmtpClient.Plain(user, password)}\r\n");
            return (reply, watch.Elapsed.TotalMilliseconds);
        }

        var unknown = new List<double>();
        var wrong = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            // An unknown username of the same shape and length as a real one.
            var (u, uMs) = await TryAsync((Username[..4] + Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N"))[..Username.Length], Password);
            var (w, wMs) = await TryAsync(Username, $"wrong-{i}");
            Assert.That(u, Is.EqualTo("535 5.7.8 Authentication credentials invalid\r\n"));
            Assert.That(w, Is.EqualTo(u), "the same text for both");
            (unknown, wrong) = ([.. unknown, uMs], [.. wrong, wMs]);
        }

        // Medians of five, each side within a factor of two of the other: the slow hash is spent for an unknown user
        // too. (Without it an unknown user answers in a few milliseconds against a few hundred; a loaded machine moves
        // both the same way.)
        var ratio = Median(unknown) / Median(wrong);
        Assert.That(ratio, Is.InRange(0.5, 2.0), $"unknown {string.Join(", ", unknown.Select(ms => Math.Round(ms)))} ms; wrong password {string.Join(", ", wrong.Select(ms => Math.Round(ms)))} ms");
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    [Test]
    public async Task AFailureSprayFromManyAddressesThrottlesTheUsernameForAWindowOnlyAndRaisesTheMetric()
    {
        var (user, password) = await NewCredentialAsync();
        await using var earlier = await TlsSessionAsync("127.0.0.34");
        Assert.That(await earlier.SendAsync($"AUTH PLAIN {RawSmtpClient.Plain(user, password)}\r\n"), Does.StartWith("235"), "the owner, signed in before the spray");
        var throttledBefore = await ThrottledCountAsync();

        var replies = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            replies.Add(await LoginAsync($"127.0.1.{100 + i}", user, $"guess-{i}"));
        }

        Assert.That(replies.Take(8), Is.All.EqualTo("535 5.7.8 Authentication credentials invalid\r\n"), "eight failures, each from a new address");
        Assert.That(replies.Skip(8), Is.All.EqualTo("454 4.7.0 Temporary authentication failure\r\n"), "then the username is throttled whatever the address");
        Assert.That(await LoginAsync("127.0.1.200", user, password), Is.EqualTo("454 4.7.0 Temporary authentication failure\r\n"), "the owner waits too, for the window");
        Assert.That(await ThrottledCountAsync(), Is.GreaterThan(throttledBefore), "sendgateway_relay_auth_throttled_total{limit=\"username\"} rises (the alert's source)");

        var rcpt = $"owner-{Guid.NewGuid():N}@mx-ok.test";
        await earlier.SendAsync($"MAIL FROM:<app@{Domain}>\r\nRCPT TO:<{rcpt}>\r\n", replies: 2);
        Assert.That(await earlier.SendAsync("DATA\r\n"), Does.StartWith("354"));
        Assert.That(await earlier.SendAsync($"From: app@{Domain}\r\nSubject: during a spray\r\n\r\nbody\r\n.\r\n"), Does.StartWith("250 2.0.0 Ok: queued as"),
            "the owner's open session goes on sending");
        await Tenant.WaitForStatusAsync(await MessageIdForAsync(rcpt), "ok", seconds: 60);
        Assert.That(TestEnvironment.Mx1.For(rcpt).Count(), Is.EqualTo(1));

        _clock.Advance(Window + TimeSpan.FromSeconds(1));
        Assert.That(await LoginAsync("127.0.1.201", user, password), Does.StartWith("235 2.7.0"), "no lock-out for ever: after the window the owner signs in");
    }

    /// <summary>The count of username throttles on /metrics (0 before the first).</summary>
    private async Task<double> ThrottledCountAsync()
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Factory.HttpPort}") };
        var text = await http.GetStringAsync("/metrics");
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith("sendgateway_relay_auth_throttled_total{", StringComparison.Ordinal) && l.Contains("limit=\"username\"", StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    [Test]
    public async Task AnAuthContinuationLineOverTheLimitIs500()
    {
        await using var client = await TlsSessionAsync("127.0.0.35");
        Assert.That(await client.SendAsync("AUTH PLAIN\r\n"), Does.StartWith("334"));
        Assert.That(await client.SendAsync(new string('Q', 600) + "\r\n"), Is.EqualTo("500 5.5.6 Authentication Exchange line is too long\r\n"));
        Assert.That(await client.SendAsync("NOOP\r\n"), Does.StartWith("250"), "the session goes on");
    }

    [Test]
    public async Task ARefusedSenderIsWrittenToTheTenantsAuditLogWithItsDomainOnly()
    {
        var rcpt = $"audit-{Guid.NewGuid():N}@mx-ok.test";
        await using (var client = await AuthenticatedAsync())
        {
            Assert.That(await client.SendAsync("MAIL FROM:<ceo@b-verified.test>\r\n"), Does.StartWith("553 5.7.1 <ceo@b-verified.test>: Sender address rejected: not owned by user"));
            await client.SendAsync($"MAIL FROM:<app@{Domain}>\r\nRCPT TO:<{rcpt}>\r\n", replies: 2);
            Assert.That(await client.SendAsync("DATA\r\n"), Does.StartWith("354"));
            Assert.That(await client.SendAsync("From: ceo@b-verified.test\r\nSubject: x\r\n\r\nbody\r\n.\r\n"), Does.StartWith("550 5.7.1 From header domain not authorized"));
        }

        var audit = (await Tenant.Client.GetFromJsonAsync<JsonElement>("/v1/audit-log?limit=1000")).GetProperty("data").EnumerateArray()
            .Where(a => a.GetProperty("action").GetString() == "relay.sender_refused")
            .Select(a => (a.GetProperty("actor").GetString(), a.GetProperty("target").GetString(), a.GetProperty("ip").GetString())).ToList();
        Assert.That(audit, Does.Contain(("smtp-relay", "domain=b-verified.test", "127.0.0.1")));
        Assert.That(audit, Does.Contain(("smtp-relay", "header=From", "127.0.0.1")));
        await AssertNothingQueuedAsync(rcpt);
    }
}
