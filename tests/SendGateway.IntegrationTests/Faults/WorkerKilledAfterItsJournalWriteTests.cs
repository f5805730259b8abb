using System.Diagnostics;
using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.Server.Queue;
using StackExchange.Redis;

namespace SendGateway.IntegrationTests.Faults;

/// <summary>
/// reliability.md T87: a delivery worker process (the real executable) killed with SIGKILL after the MX's 250 and its
/// journal write reached Redis, before the outcome (event and XACK) is recorded; a second worker then takes the entry
/// over. The window is held, not raced: the worker reaches Redis through a <see cref="FaultProxy"/> that forwards every
/// command and, from the chunk carrying the journal's key on, holds Redis's replies. The worker waits for Redis to
/// confirm the journal write before it records anything, so while the reply is held it can record nothing.
/// </summary>
[TestFixture]
public sealed class WorkerKilledAfterItsJournalWriteTests
{
    [Test]
    public async Task AWorkerKilledAfterItJournaledTheRemote250IsNotResentAndTheEntryEndsWithOneOk()
    {
        await using var mx = new RawMx(async (c, _) => await RawMx.ServeAsync(c));
        await using var api = WorkerKilledAfterTheRemote250Tests.Api(mx);
        using var tenant = await api.CreateTenantAsync();
        var (id, recipient) = await WorkerKilledAfterTheRemote250Tests.SendOneAsync(tenant);
        var shard = QueueKeys.ShardOf(recipient.Split('@')[1], 4);
        var journal = QueueKeys.Delivered(shard, id);
        await using var proxy = new FaultProxy(int.Parse(TestEnvironment.Storage.RedisEndpoint.Split(':')[^1], System.Globalization.CultureInfo.InvariantCulture));
        proxy.HoldRepliesAfter(journal); // Redis runs the journal write; the worker never hears that it did
        var first = ServerProcess.StartWorker(api, new Dictionary<string, string>
        {
            ["ConnectionStrings:Redis"] = $"127.0.0.1:{proxy.Port},defaultDatabase={api.RedisDatabase}",
            ["SendGateway:Queue:DeliveredJournalWriteTimeout"] = "00:05:00", // the window stays open far longer than the test needs
        });
        Process? second = null;
        try
        {
            using var redis = await ConnectionMultiplexer.ConnectAsync(api.RedisConnectionString);
            var database = redis.GetDatabase();
            var journaled = await Polling.UntilAsync(() => database.KeyExistsAsync(journal), exists => exists, TimeSpan.FromSeconds(120));
            Assert.That(journaled, Is.True, "the worker journals the 250 in Redis");
            first.Kill(); // SIGKILL while it waits for Redis to confirm the journal write
            await first.WaitForExitAsync();
            Assert.That(mx.Received.Count(m => m.Contains(recipient, StringComparison.Ordinal)), Is.EqualTo(1), "the MX took the copy");
            Assert.That(await PendingAsync(database, shard), Is.EqualTo(1), "the dead worker acknowledged nothing");
            Assert.That(await WorkerKilledAfterTheRemote250Tests.OkEventsAsync(tenant, id), Is.Zero, "the dead worker recorded no outcome");

            second = ServerProcess.StartWorker(api, new Dictionary<string, string>());
            await tenant.WaitForStatusAsync(id, "ok", seconds: 120);
            Assert.That(await Polling.UntilAsync(() => PendingAsync(database, shard), n => n == 0, TimeSpan.FromSeconds(60)), Is.Zero, "the entry is acknowledged");
            Assert.That(await Polling.UntilAsync(() => WorkerKilledAfterTheRemote250Tests.OkEventsAsync(tenant, id), n => n > 0, TimeSpan.FromSeconds(60)), Is.EqualTo(1), "one ok event");
            Assert.That(mx.Received.Count(m => m.Contains(recipient, StringComparison.Ordinal)), Is.EqualTo(1), "one copy: the journaled 250 is not sent again");
            Assert.That(await database.KeyExistsAsync(journal), Is.False, "the journal entry goes with the acknowledgement");
        }
        finally
        {
            await WorkerKilledAfterTheRemote250Tests.StopAsync(first);
            await WorkerKilledAfterTheRemote250Tests.StopAsync(second);
        }
    }

    /// <summary>
    /// The case the journal's own connection is for: Redis stops answering the worker before the MX's 250 comes, long
    /// enough for StackExchange.Redis to give up on the worker's shared connection (no reply in four of its timeouts) and
    /// open another, whose handshake gets no answer either; every command made then waits inside the client. The journal
    /// write, on a connection of its own with nothing outstanding, still reaches Redis; the worker is killed there.
    /// </summary>
    [Test]
    public async Task AJournalWriteMadeWhileRedisIsNotAnsweringStillReachesRedisAndTheKilledWorkersEntryEndsWithOneOk()
    {
        var dot = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var mx = new RawMx(async (c, _) => await RawMx.ServeAsync(c, afterData: async x =>
        {
            dot.TrySetResult();
            await answer.Task;
            await x.WriteAsync("250 2.0.0 Ok: queued");
        }));
        await using var api = WorkerKilledAfterTheRemote250Tests.Api(mx);
        using var tenant = await api.CreateTenantAsync();
        var (id, recipient) = await WorkerKilledAfterTheRemote250Tests.SendOneAsync(tenant);
        var shard = QueueKeys.ShardOf(recipient.Split('@')[1], 4);
        var journal = QueueKeys.Delivered(shard, id);
        await using var proxy = new FaultProxy(int.Parse(TestEnvironment.Storage.RedisEndpoint.Split(':')[^1], System.Globalization.CultureInfo.InvariantCulture));
        var first = ServerProcess.StartWorker(api, new Dictionary<string, string>
        {
            // Short client timeouts on the shared connection, so it is given up within seconds; the journal's are its own.
            ["ConnectionStrings:Redis"] = $"127.0.0.1:{proxy.Port},defaultDatabase={api.RedisDatabase},asyncTimeout=1000,syncTimeout=1000",
            ["SendGateway:Queue:DeliveredJournalWriteTimeout"] = "00:05:00",
        });
        Process? second = null;
        try
        {
            await dot.Task.WaitAsync(TimeSpan.FromSeconds(120));
            var connections = proxy.Connections;
            proxy.HoldReplies();
            var reconnected = await Polling.UntilAsync(() => Task.FromResult(proxy.Connections), n => n > connections, TimeSpan.FromSeconds(120));
            Assert.That(reconnected, Is.GreaterThan(connections), "the worker gave up a connection whose replies were held and opened another");
            answer.TrySetResult(); // the 250 reaches a worker whose shared Redis connection is stalled

            using var redis = await ConnectionMultiplexer.ConnectAsync(api.RedisConnectionString);
            var database = redis.GetDatabase();
            Assert.That(await Polling.UntilAsync(() => database.KeyExistsAsync(journal), exists => exists, TimeSpan.FromSeconds(120)), Is.True, "the journal write reaches Redis");
            first.Kill();
            await first.WaitForExitAsync();
            proxy.Pass();
            Assert.That(await PendingAsync(database, shard), Is.EqualTo(1), "the dead worker acknowledged nothing");

            second = ServerProcess.StartWorker(api, new Dictionary<string, string>());
            await tenant.WaitForStatusAsync(id, "ok", seconds: 120);
            Assert.That(await Polling.UntilAsync(() => PendingAsync(database, shard), n => n == 0, TimeSpan.FromSeconds(60)), Is.Zero, "the entry is acknowledged");
            Assert.That(await Polling.UntilAsync(() => WorkerKilledAfterTheRemote250Tests.OkEventsAsync(tenant, id), n => n > 0, TimeSpan.FromSeconds(60)), Is.EqualTo(1), "one ok event");
            Assert.That(mx.Received.Count(m => m.Contains(recipient, StringComparison.Ordinal)), Is.EqualTo(1), "one copy: the journaled 250 is not sent again");
        }
        finally
        {
            answer.TrySetResult();
            await WorkerKilledAfterTheRemote250Tests.StopAsync(first);
            await WorkerKilledAfterTheRemote250Tests.StopAsync(second);
        }
    }

    /// <summary>
    /// The other side of the awaited journal write: Redis runs it but its confirmation never comes. The worker waits
    /// Queue:DeliveredJournalWriteTimeout, then records the outcome all the same (its commands still reach Redis): the
    /// entry is acknowledged while the replies are held, and ends with one copy and one ok.
    /// </summary>
    [Test]
    public async Task AJournalWriteRedisNeverConfirmsIsGivenUpAfterItsTimeoutAndTheOutcomeIsStillRecorded()
    {
        await using var mx = new RawMx(async (c, _) => await RawMx.ServeAsync(c));
        await using var api = WorkerKilledAfterTheRemote250Tests.Api(mx);
        using var tenant = await api.CreateTenantAsync();
        var (id, recipient) = await WorkerKilledAfterTheRemote250Tests.SendOneAsync(tenant);
        var shard = QueueKeys.ShardOf(recipient.Split('@')[1], 4);
        var journal = QueueKeys.Delivered(shard, id);
        await using var proxy = new FaultProxy(int.Parse(TestEnvironment.Storage.RedisEndpoint.Split(':')[^1], System.Globalization.CultureInfo.InvariantCulture));
        proxy.HoldRepliesAfter(journal);
        var worker = ServerProcess.StartWorker(api, new Dictionary<string, string>
        {
            ["ConnectionStrings:Redis"] = $"127.0.0.1:{proxy.Port},defaultDatabase={api.RedisDatabase}",
            ["SendGateway:Queue:DeliveredJournalWriteTimeout"] = "00:00:01",
        });
        try
        {
            using var redis = await ConnectionMultiplexer.ConnectAsync(api.RedisConnectionString);
            var database = redis.GetDatabase();
            Assert.That(await Polling.UntilAsync(() => database.KeyExistsAsync(journal), exists => exists, TimeSpan.FromSeconds(120)), Is.True, "the journal write reached Redis");
            Assert.That(proxy.Mode, Is.EqualTo(FaultMode.HoldReplies), "its confirmation is held");
            var pending = await Polling.UntilAsync(() => PendingAsync(database, shard), n => n == 0, TimeSpan.FromSeconds(60));
            Assert.That(pending, Is.Zero, "the outcome is recorded without the journal's confirmation");
            proxy.Pass();
            await tenant.WaitForStatusAsync(id, "ok", seconds: 60);
            Assert.That(await Polling.UntilAsync(() => WorkerKilledAfterTheRemote250Tests.OkEventsAsync(tenant, id), n => n > 0, TimeSpan.FromSeconds(60)), Is.EqualTo(1), "one ok event");
            Assert.That(mx.Received.Count(m => m.Contains(recipient, StringComparison.Ordinal)), Is.EqualTo(1), "one copy");
        }
        finally
        {
            await WorkerKilledAfterTheRemote250Tests.StopAsync(worker);
        }
    }

    private static async Task<long> PendingAsync(IDatabase database, int shard) =>
        (await database.StreamPendingAsync(QueueKeys.Stream(shard), QueueKeys.DeliveryGroup)).PendingMessageCount;
}
