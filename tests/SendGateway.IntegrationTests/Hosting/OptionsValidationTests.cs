using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Hosting;

/// <summary>
/// Every option is validated at start, nested and enumerated ones included: the real executable stops with exit code 1
/// and one line naming the key (no stack trace), before it touches Redis or PostgreSQL.
/// </summary>
[TestFixture]
public sealed class OptionsValidationTests
{
    [TestCase("SendGateway:Delivery:Dns:Timeout", "00:10:00")]
    [TestCase("SendGateway:Delivery:Retry:FirstDelay", "00:00:00")]
    [TestCase("SendGateway:Delivery:Shaping:BackoffAfter421", "2.00:00:00")]
    [TestCase("SendGateway:Delivery:Shaping:Default:MessagesPerMinute", "-1")]
    [TestCase("SendGateway:Delivery:Shaping:Overrides:gmail:MaxConnections", "-5")]
    [TestCase("SendGateway:Delivery:Shaping:Sources:127.0.0.1:MessagesPerMinute", "-1")]
    [TestCase("SendGateway:Delivery:DeliveredJournalTtl", "00:00:01")]
    [TestCase("SendGateway:Delivery:ConnectionBusyDelay", "00:00:00")]
    [TestCase("SendGateway:Delivery:ScheduleMoveBatch", "0")]
    [TestCase("SendGateway:Relay:Ports:Submission", "70000")]
    [TestCase("SendGateway:Admin:ApiKey", "short")]
    [TestCase("SendGateway:Demo:Domain", "Not A Domain")]
    [TestCase("SendGateway:Webhooks:EndpointsPerRound", "0")]
    [TestCase("SendGateway:Resilience:PostgresWriteRetries", "-1")]
    [TestCase("SendGateway:Resilience:OutageMaxBackoff", "00:00:00")]
    [TestCase("SendGateway:Privacy:MaxBatchesPerTenant", "0")]
    [TestCase("SendGateway:Bounces:MaxRecipients", "0")]
    [TestCase("SendGateway:Idempotency:InProgressTtl", "00:00:00")]
    [TestCase("SendGateway:Queue:DeadLetterMaxLength", "1")]
    [TestCase("SendGateway:Delivery:ShutdownGrace", "01:00:00")]
    public async Task AnInvalidValueStopsTheStartNamingItsKey(string key, string value)
    {
        var (exit, output) = await ServerProcess.RunAsync(Environment(key, value), "migrate");

        Assert.That(exit, Is.EqualTo(1), output);
        Assert.That(output, Does.Contain($"Invalid configuration: {key}:"));
        Assert.That(output, Does.Not.Contain("   at "), "no stack trace");
    }

    [Test]
    public async Task AQueueLifetimeTheQueuedBodyWouldNotOutliveStopsTheStartNamingBothKeys()
    {
        // Queue:BodyTtl is 7 days by default: a 10-day lifetime would retry a message whose body Redis had already expired.
        var (exit, output) = await ServerProcess.RunAsync(Environment("SendGateway:Delivery:MaxQueueLifetime", "10.00:00:00"), "migrate");

        Assert.That(exit, Is.EqualTo(1), output);
        Assert.That(output, Does.Contain("SendGateway:Delivery:MaxQueueLifetime must be shorter than SendGateway:Queue:BodyTtl"));
        Assert.That(output, Does.Not.Contain("   at "), "no stack trace");
    }

    [Test]
    public async Task AMissingMasterKeyNamesTheKeyAndTheCommandThatMakesOne()
    {
        var environment = Environment("SendGateway:Secrets:MasterKey", string.Empty);
        environment.Remove("SendGateway__Secrets__MasterKey");

        var (exit, output) = await ServerProcess.RunAsync(environment, "migrate");

        Assert.That(exit, Is.EqualTo(1), output);
        Assert.That(output, Does.Contain("SendGateway:Secrets:MasterKey"));
        Assert.That(output, Does.Contain("head -c 32 /dev/urandom | base64"));
        Assert.That(output.Trim().Split('\n'), Has.Length.EqualTo(1), "one line");
    }

    [Test]
    public async Task AMalformedMasterKeyIsRefusedToo()
    {
        var (exit, output) = await ServerProcess.RunAsync(Environment("SendGateway:Secrets:MasterKey", "bm90IDMyIGJ5dGVz"), "migrate");

        Assert.That(exit, Is.EqualTo(1), output);
        Assert.That(output, Does.Contain("Invalid configuration: SendGateway:Secrets:MasterKey: SendGateway:Secrets:MasterKey must be base64 of exactly 32 bytes."));
    }

    /// <summary>Valid except for one value; the stores are unreachable ports, so a start that got past validation would fail differently.</summary>
    private static Dictionary<string, string> Environment(string key, string value) => new()
    {
        ["ConnectionStrings__Redis"] = $"127.0.0.1:{ProcessRunner.FreePort()},connectTimeout=500",
        ["ConnectionStrings__Postgres"] = $"Host=127.0.0.1;Port={ProcessRunner.FreePort()};Username=nobody;Database=none;Timeout=1",
        ["SendGateway__Secrets__MasterKey"] = SendGatewayFactory.MasterKey,
        [key.Replace(":", "__", StringComparison.Ordinal)] = value,
    };
}
