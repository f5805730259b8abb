using Dapper;
using Npgsql;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Relay;

/// <summary>
/// reliability.md T29: the queue is unavailable at the end of DATA (Redis killed, or frozen so nothing answers) →
/// <c>451 4.3.0 Error: queue file write error</c> and no queue id; after recovery the client's retry gets 250, and the
/// recipient gets exactly one copy (the refused transaction left no orphan that is delivered as well).
/// </summary>
[TestFixture]
public sealed class RelayOutageTests
{
    /// <summary>The multiplexer's timeouts in these tests (connect, sync, async).</summary>
    private static readonly TimeSpan RedisTimeout = TimeSpan.FromSeconds(2);

    [Test]
    public async Task RedisKilledAtTheEndOfDataIs451AndTheRetryAfterRecoveryIsDeliveredOnce() =>
        await RefusedThenRetriedOnceAsync(StoreFault.Kill);

    /// <summary>
    /// Frozen (SIGSTOP), not killed: the write the relay sent waits in Redis's socket and is carried out when Redis
    /// thaws. The relay answers 451 within its timeout (twice the Redis timeout plus the multiplexer's 1 s timeout sweep
    /// and slack for a loaded machine), and the late write is not delivered.
    /// </summary>
    [Test]
    public async Task RedisFrozenAtTheEndOfDataIs451WithinTheTimeoutAndTheRetryAfterRecoveryIsDeliveredOnce() =>
        await RefusedThenRetriedOnceAsync(StoreFault.Freeze);

    private static async Task RefusedThenRetriedOnceAsync(StoreFault fault)
    {
        await using var stores = await StoreFaults.StartAsync();
        var timeout = ((int)RedisTimeout.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var settings = stores.Settings($"connectTimeout=1000,syncTimeout={timeout},asyncTimeout={timeout}");
        settings["SendGateway:Resilience:OutageMaxBackoff"] = "00:00:00.500";
        settings["SendGateway:Idempotency:InProgressTtl"] = "00:00:05";
        await using var relay = new SendGatewayFactory("api,relay,delivery,events", settings);
        relay.StartServer();
        using var tenant = await relay.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, "outage.test");
        var submitter = await RelaySubmitter.CreateAsync(relay, tenant);
        var recipient = $"t29-{Guid.NewGuid():N}@mx-ok.test";

        var during = await submitter.SubmitAsync("a@outage.test", [recipient], beforeBody: stores.Breaking(StoreKind.Redis, fault));
        Assert.That(during.EndOfData, Is.EqualTo("451 4.3.0 Error: queue file write error\r\n"), "no queue id: the client keeps the message");
        if (fault == StoreFault.Freeze)
        {
            Assert.That(during.EndOfDataTook, Is.LessThan((2 * RedisTimeout) + TimeSpan.FromSeconds(3)), "answered within the timeout, not held");
        }

        await stores.RepairAsync(StoreKind.Redis);
        // The client retries until the relay can queue again (the multiplexer reconnects in the background).
        var retried = await Polling.UntilAsync(() => submitter.SubmitAsync("a@outage.test", [recipient]), r => r.Queued, TimeSpan.FromSeconds(60));
        Assert.That(retried.EndOfData, Does.StartWith("250 2.0.0 Ok: queued as bat_"));

        // Nothing left to deliver (the streams and schedules are empty, every message of the recipient is final): then
        // an orphan of the refused transaction, had it been queued, would have been delivered too.
        using var admin = await stores.ConnectRedisAsync();
        await using var db = new NpgsqlConnection(relay.PostgresConnectionString);
        var settled = await Polling.UntilAsync(
            async () => await QueueProbe.WaitingAsync(admin.GetDatabase(0)) == 0
                && await db.ExecuteScalarAsync<long>("SELECT count(*) FROM messages WHERE recipient = @recipient AND status = 'ok'", new { recipient }) >= 1
                && await db.ExecuteScalarAsync<long>("SELECT count(*) FROM messages WHERE recipient = @recipient AND status <> 'ok'", new { recipient }) == 0,
            done => done, TimeSpan.FromSeconds(90));
        Assert.That(settled, Is.True, "the retry was delivered and nothing is left in the queue");
        Assert.That(TestEnvironment.Mx1.For(recipient).Count(), Is.EqualTo(1), "exactly one copy at the MX: the refused transaction left no orphan");
        Assert.That(await db.ExecuteScalarAsync<long>("SELECT count(*) FROM messages WHERE recipient = @recipient", new { recipient }), Is.EqualTo(1), "one message");
    }
}
