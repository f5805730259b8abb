using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Npgsql;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Faults;

/// <summary>
/// Redis behind a <see cref="FaultProxy"/>: a queue that hangs (connections kept, nothing answers: Toxiproxy
/// <c>timeout</c>) or resets its connections, rather than one that is stopped (StorageRestartTests) or frozen.
/// </summary>
[TestFixture]
public sealed class RedisHangTests
{
    /// <summary>The multiplexer's connect, sync and async timeouts in these tests.</summary>
    private static readonly TimeSpan RedisTimeout = TimeSpan.FromSeconds(1);

    /// <summary>
    /// reliability.md T44 (queue down at POST, in its hanging form; T29's Toxiproxy <c>timeout</c> form on the REST front):
    /// while Redis hangs, POST /v1/messages answers 503 with Retry-After within twice the Redis timeout (plus the
    /// multiplexer's 1 s timeout sweep and slack for a loaded machine), never a 202 and never a hang; nothing refused is half accepted (a refused request
    /// without a key is not delivered, one retried with its key is one message); after the hang every 202 is delivered once.
    /// </summary>
    [Test]
    public async Task WhileRedisHangsPostsAre503WithRetryAfterWithinTheTimeoutAndNothingRefusedIsHalfAccepted()
    {
        await using var redis = new RedisProcess();
        await redis.StartAsync();
        await using var proxy = new FaultProxy(redis.Port);
        await using var factory = new SendGatewayFactory("api,delivery,events", HangSettings(proxy));
        using var tenant = await factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, "redis-hang.test");
        var accepted = new Dictionary<string, string>(); // message id → recipient
        for (var i = 0; i < 3; i++)
        {
            var before = await PostAsync(tenant, key: Guid.NewGuid().ToString("N"));
            Assert.That(before.Status, Is.EqualTo(HttpStatusCode.Accepted));
            accepted[before.Id!] = before.Recipient;
        }

        proxy.Blackhole();
        // The multiplexer finds timed-out commands on its 1 s heartbeat, so a refusal comes 1 to 2 s after the call; the
        // bound is twice the timeout plus that sweep plus a second for a loaded machine: far below a client's patience.
        var bound = (2 * RedisTimeout) + TimeSpan.FromSeconds(2);
        var refusedWithKey = new List<(string Key, string Recipient)>();
        var refusedWithoutKey = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var key = i % 2 == 0 ? Guid.NewGuid().ToString("N") : null;
            var during = await PostAsync(tenant, key);
            TestContext.Out.WriteLine($"during the hang: {(int)during.Status} after {during.Elapsed.TotalMilliseconds:F0} ms (key: {key is not null})");
            Assert.That(during.Status, Is.EqualTo(HttpStatusCode.ServiceUnavailable), during.Body);
            Assert.That(during.RetryAfter, Is.Not.Null, "a 503 says when to retry");
            Assert.That(during.Elapsed, Is.LessThan(bound), "answered within twice the Redis timeout, not held past the client's patience");
            if (key is null)
            {
                refusedWithoutKey.Add(during.Recipient);
            }
            else
            {
                refusedWithKey.Add((key, during.Recipient));
            }
        }

        proxy.Pass();
        foreach (var (key, recipient) in refusedWithKey)
        {
            // Retried with its key until accepted (409 while the claim the hang left behind is held).
            var retried = await Polling.UntilAsync(() => PostAsync(tenant, key, recipient), r => r.Status == HttpStatusCode.Accepted, TimeSpan.FromSeconds(60));
            Assert.That(retried.Status, Is.EqualTo(HttpStatusCode.Accepted), retried.Body);
            accepted[retried.Id!] = recipient;
        }

        var after = await Polling.UntilAsync(() => PostAsync(tenant, Guid.NewGuid().ToString("N")), r => r.Status == HttpStatusCode.Accepted, TimeSpan.FromSeconds(60));
        Assert.That(after.Status, Is.EqualTo(HttpStatusCode.Accepted), after.Body);
        accepted[after.Id!] = after.Recipient;

        foreach (var (id, recipient) in accepted)
        {
            await tenant.WaitForStatusAsync(id, "ok", seconds: 60);
            Assert.That(TestEnvironment.Mx1.For(recipient).Count(), Is.EqualTo(1), $"{id} delivered once");
        }

        // Every 202 is delivered: a request refused without a key had its write in flight when Redis hung, and that write
        // reached Redis once the hang ended. The client was told "nothing was queued", so none of it may be delivered.
        await using var db = new NpgsqlConnection(factory.PostgresConnectionString);
        var stored = await db.ExecuteScalarAsync<long>("SELECT count(*) FROM messages WHERE recipient = ANY(@refusedWithoutKey)", new { refusedWithoutKey });
        Assert.That(refusedWithoutKey.Sum(r => TestEnvironment.Mx1.For(r).Count()), Is.Zero, "a refused request was not delivered");
        Assert.That(stored, Is.Zero, "nor stored as a message");
        var perRecipient = await db.QueryAsync<(string Recipient, long Messages)>(
            "SELECT recipient, count(*) FROM messages WHERE recipient = ANY(@recipients) GROUP BY recipient", new { recipients = refusedWithKey.Select(r => r.Recipient).ToArray() });
        Assert.That(perRecipient.Where(r => r.Messages != 1), Is.Empty, "a request retried with its key is one message");
    }

    /// <summary>
    /// reliability.md T114 (a Redis failure during a delivery attempt, here its connections reset) and §4's window
    /// between the MX's 250 and the XACK: attempts are in flight when every Redis connection is reset, and new ones are
    /// reset too for a while; their 250s arrive meanwhile. Every accepted message ends ok with one copy at the MX, no
    /// bounce blames the recipient, none is lost.
    /// </summary>
    [Test]
    public async Task ResetsOnTheRedisConnectionsDuringDeliveryLoseNothingAndDeliverNothingTwice()
    {
        await using var redis = new RedisProcess();
        await redis.StartAsync();
        await using var proxy = new FaultProxy(redis.Port);
        var reset = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = 0;
        await using var mx = new RawMx(async (c, _) => await RawMx.ServeAsync(c, afterData: async x =>
        {
            Interlocked.Increment(ref held);
            await reset.Task; // the 250 comes once Redis's connections were reset
            await x.WriteAsync("250 2.0.0 Ok: queued");
        }));
        var settings = HangSettings(proxy);
        settings["SendGateway:Delivery:Routes:redis-reset.test"] = $"127.0.0.1:{mx.Port}";
        settings["SendGateway:Delivery:MaxConnectionsPerDestination"] = "4";
        settings["SendGateway:Delivery:MessagesPerConnection"] = "3";
        await using var factory = new SendGatewayFactory("api,delivery,events", settings);
        using var tenant = await factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, "redis-reset-from.test");
        var flow = new StoreFaultFlow(tenant, "a@redis-reset-from.test", "redis-reset.test", recipientsPerRequest: 5);
        await flow.SendUntilAsync(40);
        Assert.That(await Polling.UntilAsync(() => Task.FromResult(Volatile.Read(ref held)), n => n > 0, TimeSpan.FromSeconds(60)), Is.GreaterThan(0), "an attempt is in flight");

        var connections = proxy.Connections;
        proxy.Reset();
        reset.TrySetResult();
        var reconnects = await Polling.UntilAsync(() => Task.FromResult(proxy.Connections - connections), n => n >= 2, TimeSpan.FromSeconds(60));
        Assert.That(reconnects, Is.GreaterThanOrEqualTo(2), "the service came back to Redis and was reset again");
        proxy.Pass();
        await flow.SendUntilAsync(60);
        await flow.SendRefusedAgainAsync();

        var ids = flow.Accepted.Keys.ToArray();
        await using var db = new NpgsqlConnection(factory.PostgresConnectionString);
        var events = await Polling.UntilAsync(
            async () => (await db.QueryAsync<(string Id, string Type)>("SELECT message_id, type FROM events WHERE message_id = ANY(@ids)", new { ids })).ToList(),
            rows => rows.Where(r => r.Type == "ok").Select(r => r.Id).Distinct().Count() == ids.Length, TimeSpan.FromMinutes(2));
        Assert.That(events.Where(r => r.Type == "ok").Select(r => r.Id).Distinct(), Is.EquivalentTo(ids), "every accepted message reached ok");
        Assert.That(events.Where(r => r.Type is "injected" or "ok").GroupBy(r => r).Where(g => g.Count() > 1).Select(g => g.Key), Is.Empty, "no injected or ok event twice");
        Assert.That(events.Where(r => r.Type is "softbounce" or "hardbounce" or "dropped"), Is.Empty, "no event blamed a recipient for Redis's resets");
        var received = mx.Received.ToList();
        var copies = flow.Accepted.Values.ToDictionary(r => r, r => received.Count(d => d.Contains(r, StringComparison.Ordinal)));
        Assert.That(copies.Where(c => c.Value != 1), Is.Empty, "each message reached the MX exactly once");
    }

    private static Dictionary<string, string?> HangSettings(FaultProxy proxy) => new()
    {
        ["ConnectionStrings:Redis"] = $"127.0.0.1:{proxy.Port},connectTimeout={RedisTimeout.TotalMilliseconds},syncTimeout={RedisTimeout.TotalMilliseconds},asyncTimeout={RedisTimeout.TotalMilliseconds}",
        ["SendGateway:Delivery:ReclaimIdleTime"] = "00:00:03",
        ["SendGateway:Events:ReclaimIdleTime"] = "00:00:02",
        ["SendGateway:Resilience:OutageMaxBackoff"] = "00:00:00.500",
        ["SendGateway:Idempotency:InProgressTtl"] = "00:00:05", // a claim the hang left behind frees itself soon
    };

    private static async Task<Post> PostAsync(TestTenant tenant, string? key, string? recipient = null)
    {
        recipient ??= $"r{Guid.NewGuid():N}@mx-ok.test";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages")
        {
            Content = JsonContent.Create(new { from = new { email = "a@redis-hang.test" }, to = new[] { new { email = recipient } }, subject = "hang", text = "t" }),
        };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        var elapsed = Stopwatch.StartNew();
        using var response = await tenant.Client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var id = response.StatusCode == HttpStatusCode.Accepted
            ? JsonDocument.Parse(body).RootElement.GetProperty("messages")[0].GetProperty("id").GetString()
            : null;
        return new Post(response.StatusCode, response.Headers.RetryAfter?.ToString(), elapsed.Elapsed, id, recipient, body);
    }

    private sealed record Post(HttpStatusCode Status, string? RetryAfter, TimeSpan Elapsed, string? Id, string Recipient, string Body);
}
