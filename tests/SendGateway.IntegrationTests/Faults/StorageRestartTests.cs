using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Faults;

/// <summary>
/// Issue "no single fault stops a role": the real redis-server, then the real PostgreSQL, is stopped for three seconds and
/// started again while an all-roles process accepts and delivers. The process stays up, each loop logs the outage once
/// and its end, and the ledger holds: every message answered 202 reaches its final event (<c>ok</c>), none twice.
/// </summary>
[TestFixture]
public sealed class StorageRestartTests
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(3);

    [Test]
    public async Task ARedisRestartMidFlowKeepsTheProcessUpAndLosesNoAcceptedMessage()
    {
        await using var stores = await StoreFaults.StartAsync();
        var logs = new CapturingLoggerProvider();
        await using var factory = new SendGatewayFactory("api,delivery,events", Settings(stores.Settings("connectTimeout=1000,syncTimeout=1500,asyncTimeout=1500")), logs: logs);

        var ledger = await RunFlowAsync(factory, "redis-restart.test", stores.Breaking(StoreKind.Redis, StoreFault.Kill), stores.Repairing(StoreKind.Redis));

        await AssertLedgerAsync(factory, factory.PostgresConnectionString, ledger, logs);
        Assert.That(ledger.Refused, Is.GreaterThan(0), "requests during the outage were refused with 503, not accepted");
    }

    /// <summary>Nothing answers while the connections stay up: StackExchange.Redis raises RedisTimeoutException, a TimeoutException.</summary>
    [Test]
    public async Task ARedisStallMidFlowKeepsTheProcessUpAndLosesNoAcceptedMessage()
    {
        await using var stores = await StoreFaults.StartAsync();
        var logs = new CapturingLoggerProvider();
        await using var factory = new SendGatewayFactory("api,delivery,events", Settings(stores.Settings("connectTimeout=1000,syncTimeout=1000,asyncTimeout=1000")), logs: logs);

        var ledger = await RunFlowAsync(factory, "redis-stall.test", stores.Breaking(StoreKind.Redis, StoreFault.Freeze), stores.Repairing(StoreKind.Redis));

        await AssertLedgerAsync(factory, factory.PostgresConnectionString, ledger, logs);
        Assert.That(logs.Lines, Has.Some.Contains("RedisTimeoutException"), "the stall surfaced as timeouts");
    }

    [Test]
    public async Task APostgresRestartMidFlowKeepsTheProcessUpAndLosesNoAcceptedMessage()
    {
        await using var stores = await StoreFaults.StartAsync(redis: false, postgres: true);
        var logs = new CapturingLoggerProvider();
        await using var factory = new SendGatewayFactory("api,delivery,events", Settings(stores.Settings()), logs: logs);

        var ledger = await RunFlowAsync(factory, "pg-restart.test", stores.Breaking(StoreKind.Postgres, StoreFault.Kill), stores.Repairing(StoreKind.Postgres));

        await AssertLedgerAsync(factory, stores.Postgres.ConnectionString, ledger, logs);
    }

    /// <summary>Short reclaim times: entries a failed step left pending are taken over within seconds, not 15 minutes.</summary>
    private static Dictionary<string, string?> Settings(Dictionary<string, string?> settings)
    {
        settings["SendGateway:Delivery:ReclaimIdleTime"] = "00:00:03";
        settings["SendGateway:Events:ReclaimIdleTime"] = "00:00:02";
        settings["SendGateway:Resilience:OutageMaxBackoff"] = "00:00:00.500";
        settings["SendGateway:Idempotency:InProgressTtl"] = "00:00:05"; // a claim an outage left behind frees itself soon
        return settings;
    }

    /// <summary>Sends before, during and after the outage; during it, until a request was refused and the outage lasted.</summary>
    private static async Task<Ledger> RunFlowAsync(SendGatewayFactory factory, string domain, Func<Task> stop, Func<Task> start)
    {
        using var tenant = await factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, domain);
        var ledger = new Ledger();
        for (var i = 0; i < 10; i++)
        {
            await ledger.SendAsync(tenant, domain);
        }

        await stop();
        var stopped = DateTime.UtcNow;
        while (DateTime.UtcNow - stopped < Outage)
        {
            await ledger.SendAsync(tenant, domain);
        }

        await start();
        for (var accepted = ledger.Accepted.Count + 10; ledger.Accepted.Count < accepted;)
        {
            await ledger.SendAsync(tenant, domain); // 503 until the multiplexer or the pool reconnected
        }

        // T44: every request refused during the outage is retried with its Idempotency-Key until it is accepted.
        foreach (var (recipient, key) in ledger.Refusals.ToList())
        {
            while (!await ledger.SendAsync(tenant, domain, recipient, key))
            {
            }
        }

        return ledger;
    }

    private static async Task AssertLedgerAsync(SendGatewayFactory factory, string postgres, Ledger ledger, CapturingLoggerProvider logs)
    {
        var builder = new NpgsqlConnectionStringBuilder(postgres);
        if (postgres != factory.PostgresConnectionString)
        {
            builder.Database = "postgres";
        }

        await using var db = new NpgsqlConnection(builder.ConnectionString);
        var ids = ledger.Accepted.Keys.ToArray();
        var final = await Polling.UntilAsync(
            async () => (await db.QueryAsync<(string Id, long Oks)>(
                "SELECT message_id, count(*) FROM events WHERE type = 'ok' AND message_id = ANY(@ids) GROUP BY message_id", new { ids })).ToList(),
            rows => rows.Count == ids.Length, TimeSpan.FromSeconds(60));

        Assert.That(final.Select(r => r.Id), Is.EquivalentTo(ids), "every acknowledged message reached its final event");
        Assert.That(final.Where(r => r.Oks > 1).Select(r => r.Id), Is.Empty, "no message recorded as delivered twice");
        var perRecipient = await db.QueryAsync<(string Recipient, long Messages)>(
            "SELECT recipient, count(*) FROM messages WHERE recipient = ANY(@recipients) GROUP BY recipient", new { recipients = ledger.Accepted.Values.ToArray() });
        Assert.That(perRecipient.Where(r => r.Messages > 1).Select(r => r.Recipient), Is.Empty, "a request retried with its Idempotency-Key is one message (T44)");
        var copies = ledger.Accepted.Values.ToDictionary(recipient => recipient, recipient => TestEnvironment.Mx1.For(recipient).Count());
        TestContext.Out.WriteLine($"accepted {ids.Length}, refused {ledger.Refused}, duplicate copies at the MX {copies.Values.Sum(n => Math.Max(0, n - 1))}");
        Assert.That(copies.Where(c => c.Value != 1).Select(c => $"{c.Key}: {c.Value}"), Is.Empty, "every acknowledged message reached the MX exactly once");

        var lifetime = factory.Services.GetRequiredService<IHostApplicationLifetime>();
        Assert.That(lifetime.ApplicationStopping.IsCancellationRequested, Is.False, "the process kept running");
        using var health = await factory.CreateClient().GetAsync("/healthz");
        Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        // "<category> Warning <loop>: storage unavailable …" and "<category> Information <loop>: storage answers again …"
        static string Loop(string line) => line.Split(':')[0].Split(' ', 3)[2];
        var started = logs.Lines.Where(l => l.Contains(": storage unavailable", StringComparison.Ordinal)).ToList();
        Assert.That(started, Is.Not.Empty, "the outage was logged");
        Assert.That(started.GroupBy(Loop).Where(g => g.Count() > 2).Select(g => g.Key), Is.Empty,
            "each loop logs an outage once (and at most once more for a second blip while reconnecting), not per iteration:\n" + string.Join('\n', started));
        var loops = started.Select(Loop).ToHashSet();
        var recovered = await Polling.UntilAsync(
            () => Task.FromResult(logs.Lines.Where(l => l.Contains(": storage answers again", StringComparison.Ordinal)).Select(Loop).ToHashSet()),
            r => r.IsSupersetOf(loops), TimeSpan.FromSeconds(30));
        Assert.That(recovered, Is.SupersetOf(loops), "every loop that logged the outage logged its end");
    }

    private sealed class Ledger
    {
        /// <summary>Message id → recipient of every 202.</summary>
        public Dictionary<string, string> Accepted { get; } = [];

        /// <summary>Recipient and Idempotency-Key of every request refused and not yet retried successfully.</summary>
        public Dictionary<string, string> Refusals { get; } = [];

        public int Refused { get; private set; }

        /// <summary>One request (a new message unless a refused one is retried); true when it was accepted.</summary>
        public async Task<bool> SendAsync(TestTenant tenant, string domain, string? recipient = null, string? key = null)
        {
            recipient ??= $"r{Guid.NewGuid():N}@mx-ok.test";
            key ??= Guid.NewGuid().ToString("N");
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages")
            {
                Content = JsonContent.Create(new { from = new { email = $"a@{domain}" }, to = new[] { new { email = recipient } }, subject = "ledger", text = "t" }),
            };
            request.Headers.Add("Idempotency-Key", key);
            using var response = await tenant.Client.SendAsync(request);
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                var body = await response.Content.ReadFromJsonAsync<JsonElement>();
                Accepted[body.GetProperty("messages")[0].GetProperty("id").GetString()!] = recipient;
                Refusals.Remove(recipient);
                return true;
            }

            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable).Or.EqualTo(HttpStatusCode.Conflict), await response.Content.ReadAsStringAsync());
            Refused++;
            Refusals[recipient] = key;
            await Task.Delay(50); // a client's pause before its retry
            return false;
        }
    }
}
