using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using Npgsql;
using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.Server.Queue;
using StackExchange.Redis;

namespace SendGateway.IntegrationTests.Faults;

/// <summary>
/// reliability.md T114, issue 31 §3: a Redis or PostgreSQL failure during a delivery attempt is never the recipient's
/// fault (no event about them), the attempt is made again as soon as the store answers (the worker takes back its own
/// pending entries at once: <c>Delivery:ReclaimIdleTime</c> keeps its 15 min default here), and delivery goes on without
/// PostgreSQL. Each test runs its own redis-server or PostgreSQL, which it stops, freezes or restarts.
/// </summary>
[TestFixture]
public sealed class StoreFaultDuringDeliveryTests
{
    private static readonly string[] BounceTypes = ["softbounce", "hardbounce", "dropped"];

    [Test]
    public async Task ARedisRestartThenAPostgresRestartWhile300MessagesFlowEndEveryMessageOkWithinTwoMinutesWithNoBounceAndNoDuplicate()
    {
        await using var stores = await StoreFaults.StartAsync(redis: true, postgres: true);
        // Ten recipients per request, an MX that takes 300 ms per message over four connections: a backlog, so attempts
        // are in flight and new connections are opened (three messages each, each counted in Redis) while each store is
        // away; the DKIM key is read again from PostgreSQL every second.
        // The MX holds its answers until Redis is stopped, so attempts are in flight then whatever the machine's speed: their
        // 250s arrive while Redis is away and their outcomes cannot be recorded at once.
        var redisStopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = 0;
        await using var mx = new RawMx(async (c, _) => await RawMx.ServeAsync(c, afterData: async x =>
        {
            Interlocked.Increment(ref held);
            await redisStopped.Task;
            await Task.Delay(300);
            await x.WriteAsync("250 2.0.0 Ok: queued");
        }));
        var logs = new CapturingLoggerProvider();
        await using var factory = new SendGatewayFactory("api,delivery,events", new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = stores.RedisConnectionString("connectTimeout=1000,syncTimeout=1500,asyncTimeout=1500"),
            ["ConnectionStrings:Postgres"] = stores.Postgres.ConnectionString,
            ["SendGateway:Delivery:Routes:store-flow.test"] = $"127.0.0.1:{mx.Port}",
            ["SendGateway:Delivery:MaxConnectionsPerDestination"] = "4",
            ["SendGateway:Delivery:MessagesPerConnection"] = "3",
            ["SendGateway:Delivery:SenderDomainRefresh"] = "00:00:01",
            ["SendGateway:Resilience:OutageMaxBackoff"] = "00:00:00.500",
            ["SendGateway:Idempotency:InProgressTtl"] = "00:00:05", // a claim the Redis outage left behind frees itself soon
            // The journal write after a 250 gives up within the 3 s outage (its 5 s default would wait it out), so the
            // outcomes meet the outage as this test means them to.
            ["SendGateway:Queue:DeliveredJournalWriteTimeout"] = "00:00:00.500",
            ["Logging:LogLevel:SendGateway.Server.Delivery"] = "Debug",
        }, logs: logs);
        using var tenant = await factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, "store-faults.test");
        var flow = new StoreFaultFlow(tenant, "a@store-faults.test", "store-flow.test", recipientsPerRequest: 10);

        await flow.SendUntilAsync(100);
        Assert.That(await Polling.UntilAsync(() => Task.FromResult(Volatile.Read(ref held)), n => n > 0, TimeSpan.FromSeconds(60)), Is.GreaterThan(0), "an attempt is in flight");
        await stores.BreakAsync(StoreKind.Redis, StoreFault.Kill);
        redisStopped.TrySetResult();
        var stopped = Stopwatch.StartNew();
        while (stopped.Elapsed < TimeSpan.FromSeconds(3))
        {
            await flow.SendAsync(); // refused with 503 while Redis is away: the outage lasts 3 s of this flow
        }

        await stores.RepairAsync(StoreKind.Redis);
        await flow.SendUntilAsync(200);
        await stores.RestartAsync(StoreKind.Postgres);
        await flow.SendUntilAsync(300);
        await flow.SendRefusedAgainAsync();
        var restarted = Stopwatch.StartNew();

        var ids = flow.Accepted.Keys.ToArray();
        await using var db = new NpgsqlConnection(stores.Postgres.ConnectionString);
        var events = await Polling.UntilAsync(
            async () => (await db.QueryAsync<(string Id, string Type)>("SELECT message_id, type FROM events WHERE message_id = ANY(@ids)", new { ids })).ToList(),
            rows => rows.Where(r => r.Type == "ok").Select(r => r.Id).Distinct().Count() == ids.Length, TimeSpan.FromMinutes(2));
        TestContext.Out.WriteLine($"accepted {ids.Length}, refused {flow.Refused}, all ok after {restarted.Elapsed.TotalSeconds:F1} s");

        Assert.That(ids, Has.Length.EqualTo(300));
        Assert.That(
            logs.Lines.Where(l => l.Contains("cut short by a store failure", StringComparison.Ordinal) || l.Contains("Delivery attempts: storage unavailable", StringComparison.Ordinal)),
            Is.Not.Empty, "the outages met attempts in flight, cut short or unable to record their outcome (else this run proves nothing)");
        Assert.That(events.Where(r => r.Type == "ok").Select(r => r.Id).Distinct(), Is.EquivalentTo(ids), "every accepted message reached ok within 2 minutes");
        Assert.That(events.Where(r => BounceTypes.Contains(r.Type)), Is.Empty, "no event blamed a recipient for a store's failure");
        var received = mx.Received.ToList();
        var copies = flow.Accepted.Values.ToDictionary(r => r, r => received.Count(d => d.Contains(r, StringComparison.Ordinal)));
        Assert.That(copies.Where(c => c.Value != 1), Is.Empty, "each message reached the MX exactly once");
    }

    [Test]
    public async Task ARedisTimeoutWhileRentingAConnectionMakesNoEventAndTheSameWorkerTakesTheEntryBackOnceRedisAnswers()
    {
        await using var stores = await StoreFaults.StartAsync();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // The first connection holds its message's 250 until released; one connection at a time, one message each, so the
        // others wait for the connection slot and then open a new connection, counting it in Redis (ConnectionSlots).
        await using var mx = new RawMx(async (c, n) => await RawMx.ServeAsync(c, afterData: async x =>
        {
            if (n == 0)
            {
                await release.Task;
            }

            await x.WriteAsync("250 2.0.0 Ok: queued");
        }));
        var logs = new CapturingLoggerProvider();
        await using var factory = new SendGatewayFactory("api,delivery,events", new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = stores.RedisConnectionString("connectTimeout=1000,syncTimeout=1000,asyncTimeout=1000"),
            ["SendGateway:Delivery:Routes:rent-timeout.test"] = $"127.0.0.1:{mx.Port}",
            ["SendGateway:Delivery:MaxConnectionsPerDestination"] = "1",
            ["SendGateway:Delivery:MessagesPerConnection"] = "1",
            ["SendGateway:Delivery:CommandTimeout"] = "00:02:00",
            ["SendGateway:Delivery:DataTimeout"] = "00:02:00", // the held 250 is the reply to the dot
            ["SendGateway:Resilience:OutageMaxBackoff"] = "00:00:00.500",
            ["Logging:LogLevel:SendGateway.Server.Delivery"] = "Debug",
        }, logs: logs);
        using var tenant = await factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, "rent-faults.test");
        var flow = new StoreFaultFlow(tenant, "a@rent-faults.test", "rent-timeout.test");
        await flow.SendUntilAsync(1);
        var held = await Polling.UntilAsync(() => Task.FromResult(mx.Received.Count), n => n == 1, TimeSpan.FromSeconds(30));
        Assert.That(held, Is.EqualTo(1), "the first message is at the MX, its 250 held back");
        await flow.SendUntilAsync(4);
        using (var probe = await stores.ConnectRedisAsync())
        {
            var pending = await Polling.UntilAsync(() => PendingAsync(probe.GetDatabase()), n => n == 4, TimeSpan.FromSeconds(30));
            Assert.That(pending, Is.EqualTo(4), "the three others were read and wait for the connection");
        }

        await stores.BreakAsync(StoreKind.Redis, StoreFault.Freeze);
        release.SetResult(); // the held 250 comes; the next message rents the connection slot from the frozen Redis
        var waiting = flow.Accepted.Keys.Skip(1).ToArray();
        var timedOut = await Polling.UntilAsync(
            () => Task.FromResult(logs.Lines.Any(l => l.Contains("RedisTimeoutException", StringComparison.Ordinal) && waiting.Any(id => l.Contains(id, StringComparison.Ordinal)))),
            found => found, TimeSpan.FromSeconds(60));
        await stores.RepairAsync(StoreKind.Redis);
        Assert.That(timedOut, Is.True, "a waiting message met the frozen Redis (RedisTimeoutException) while renting its connection");

        foreach (var (id, recipient) in flow.Accepted)
        {
            var message = await tenant.WaitForStatusAsync(id, "ok", seconds: 60);
            Assert.That(Types(message), Is.EqualTo(new[] { "injected", "ok" }), $"no event about the recipient for Redis's timeout: {message}");
            Assert.That(mx.Received.Count(d => d.Contains(recipient, StringComparison.Ordinal)), Is.EqualTo(1), "one copy at the MX");
        }
    }

    [Test]
    public async Task DeliveryGoesOnWhilePostgresIsAwayWithTheSenderDomainsLastKnownKey()
    {
        await using var stores = await StoreFaults.StartAsync(redis: false, postgres: true);
        var clock = new AdjustableTimeProvider();
        var logs = new CapturingLoggerProvider();
        await using var factory = new SendGatewayFactory("api,delivery,events", new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = stores.Postgres.ConnectionString,
            ["SendGateway:Delivery:SenderDomainRefresh"] = "00:00:30",
        }, logs: logs, clock: clock);
        using var tenant = await factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, "pg-away.test");
        using (var admin = factory.CreateAdminClient())
        {
            // The tenant's mail leaves from a pool of its own: the pool, too, is read from PostgreSQL.
            var pool = await admin.PostAsJsonAsync("/v1/admin/ip-pools", new { name = "pg-away", sources = new[] { new { address = "127.0.0.6", ehlo_name = "pg-away.mta.sendgateway.test", weight = 1 } } });
            Assert.That(pool.StatusCode, Is.EqualTo(HttpStatusCode.Created), await pool.Content.ReadAsStringAsync());
            (await admin.PatchAsJsonAsync($"/v1/admin/tenants/{tenant.Id}", new { default_ip_pool = "pg-away" })).EnsureSuccessStatusCode();
        }

        var flow = new StoreFaultFlow(tenant, "a@pg-away.test", "mx-ok.test");
        await flow.SendUntilAsync(1);
        await tenant.WaitForStatusAsync(flow.Accepted.Keys.Single(), "ok", seconds: 60); // the key was read once

        // The second message is accepted now, due in 90 s of the service's clock: once PostgreSQL is away and the clock
        // has moved on, it is delivered with no PostgreSQL at all (the API key's own cache has expired by then as well).
        var recipient = $"r{Guid.NewGuid():N}@mx-ok.test";
        var scheduled = await tenant.Client.PostAsJsonAsync("/v1/messages", new
        {
            from = new { email = "a@pg-away.test" }, to = new[] { new { email = recipient } }, subject = "due later", text = "t",
            send_at = clock.GetUtcNow().AddSeconds(90),
        });
        Assert.That(scheduled.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await scheduled.Content.ReadAsStringAsync());
        var id = (await scheduled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;

        await stores.BreakAsync(StoreKind.Postgres, StoreFault.Kill);
        clock.SkipToNextMinute();
        clock.SkipToNextMinute();
        clock.SkipToNextMinute(); // at least 120 s on: the message is due, its key is due to be read again, PostgreSQL cannot answer
        var received = await Polling.UntilAsync(() => Task.FromResult(TestEnvironment.Mx1.For(recipient).ToList()), r => r.Count > 0, TimeSpan.FromSeconds(60));

        using (var refused = await tenant.Client.PostAsJsonAsync("/v1/messages", new { from = new { email = "a@pg-away.test" }, to = new[] { new { email = recipient } }, subject = "s", text = "t" }))
        {
            // The key's cached row has expired and PostgreSQL cannot answer for it: 503 and a Retry-After, never a 500.
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), await refused.Content.ReadAsStringAsync());
            Assert.That(refused.Headers.RetryAfter, Is.Not.Null);
        }

        Assert.That(received, Has.Count.EqualTo(1), "delivered while PostgreSQL is away");
        Assert.That(received[0].Helo, Is.EqualTo("pg-away.mta.sendgateway.test"), "from the tenant's pool as last read");
        Assert.That(Encoding.UTF8.GetString(received[0].Content), Does.Contain("d=pg-away.test"), "DKIM-signed with the domain's last known key");
        Assert.That(logs.Lines, Has.Some.Contains("could not be read again"), "the key was due, and PostgreSQL was asked for it");
        await stores.RepairAsync(StoreKind.Postgres);
        var message = await tenant.WaitForStatusAsync(id, "ok", seconds: 60);
        Assert.That(Types(message), Is.EqualTo(new[] { "injected", "ok" }));
    }

    private static string[] Types(JsonElement message) => [.. message.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()!)];

    private static async Task<long> PendingAsync(IDatabase db)
    {
        long pending = 0;
        for (var shard = 0; shard < 4; shard++) // SendGatewayFactory's SendGateway:Queue:Shards
        {
            pending += (await db.StreamPendingAsync(QueueKeys.Stream(shard), QueueKeys.DeliveryGroup)).PendingMessageCount;
        }

        return pending;
    }
}
