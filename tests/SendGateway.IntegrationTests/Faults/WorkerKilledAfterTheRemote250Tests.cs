using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.Server.Queue;
using StackExchange.Redis;

namespace SendGateway.IntegrationTests.Faults;

/// <summary>
/// reliability.md T87: a delivery worker process (the real executable) killed with SIGKILL after the remote MX answered
/// 250 to the dot and before the outcome (event and XACK) is recorded. The window is held open, not raced: the worker
/// talks to Redis through a <see cref="FaultProxy"/> that, from the dot on, forwards the worker's commands but holds
/// Redis's replies, so the worker's journal write lands (seen in Redis) while its outcome, which waits for a reply
/// first, never leaves. A second worker then takes the entry over from the dead one.
/// </summary>
[TestFixture]
public sealed class WorkerKilledAfterTheRemote250Tests
{
    private const string Domain = "t87.test";

    [Test]
    public async Task AWorkerKilledAfterItJournaledTheRemote250IsNotResentAndTheEntryEndsWithOneOk()
    {
        var dot = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var mx = new RawMx(async (c, _) => await RawMx.ServeAsync(c, afterData: async x =>
        {
            dot.TrySetResult();
            await answer.Task;
            await x.WriteAsync("250 2.0.0 Ok: queued");
        }));
        await using var api = Api(mx);
        using var tenant = await api.CreateTenantAsync();
        var (id, recipient) = await SendOneAsync(tenant);
        var redisPort = int.Parse(TestEnvironment.Storage.RedisEndpoint.Split(':')[^1]);
        await using var proxy = new FaultProxy(redisPort);
        var first = ServerProcess.StartWorker(api, new Dictionary<string, string>
        {
            ["ConnectionStrings:Redis"] = $"127.0.0.1:{proxy.Port},defaultDatabase={api.RedisDatabase}",
        });
        Process? second = null;
        try
        {
            await dot.Task.WaitAsync(TimeSpan.FromSeconds(90));
            proxy.HoldReplies(); // from here the worker's commands reach Redis, Redis's answers do not reach the worker
            answer.TrySetResult();

            using var redis = await ConnectionMultiplexer.ConnectAsync(api.RedisConnectionString);
            var journal = QueueKeys.Delivered(QueueKeys.ShardOf(Domain, 4), id);
            var journaled = await Polling.UntilAsync(() => redis.GetDatabase().KeyExistsAsync(journal), exists => exists, TimeSpan.FromSeconds(60));
            Assert.That(journaled, Is.True, "the worker journals the 250 as soon as it reads it");
            first.Kill(); // SIGKILL while its outcome waits behind a reply that never comes
            await first.WaitForExitAsync();
            proxy.Pass();
            Assert.That(await OkEventsAsync(tenant, id), Is.Zero, "the dead worker recorded no outcome");

            second = ServerProcess.StartWorker(api, new Dictionary<string, string>());
            await tenant.WaitForStatusAsync(id, "ok", seconds: 90);
            var pending = await Polling.UntilAsync(
                async () => (await redis.GetDatabase().StreamPendingAsync(QueueKeys.Stream(QueueKeys.ShardOf(Domain, 4)), "delivery")).PendingMessageCount,
                count => count == 0, TimeSpan.FromSeconds(60));
            Assert.That(pending, Is.Zero, "the entry is acknowledged");
            Assert.That(await Polling.UntilAsync(() => OkEventsAsync(tenant, id), n => n > 0, TimeSpan.FromSeconds(60)), Is.EqualTo(1), "one ok event");
            Assert.That(mx.Received.Count(m => m.Contains(recipient, StringComparison.Ordinal)), Is.EqualTo(1), "one copy: the journaled 250 is not sent again");
            Assert.That(await redis.GetDatabase().KeyExistsAsync(journal), Is.False, "the journal entry goes with the acknowledgement");
        }
        finally
        {
            answer.TrySetResult();
            await StopAsync(first);
            await StopAsync(second);
        }
    }

    /// <summary>The API and the event ingester in this process; delivery only in worker processes, which route the domain to <paramref name="mx"/>.</summary>
    internal static SendGatewayFactory Api(RawMx mx) => new("api,events", new Dictionary<string, string?>
    {
        [$"SendGateway:Delivery:Routes:{Domain}"] = $"127.0.0.1:{mx.Port}",
    });

    internal static async Task<(string Id, string Recipient)> SendOneAsync(TestTenant tenant)
    {
        await SendGatewayFactory.AddDomainAsync(tenant, "t87-sender.test");
        var recipient = $"r-{Guid.NewGuid():N}@{Domain}";
        var response = await tenant.SendAsync(new { from = new { email = "a@t87-sender.test" }, to = new[] { new { email = recipient } }, subject = "t87", text = "one copy" });
        Assert.That((int)response.StatusCode, Is.EqualTo(202));
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;
        return (id, recipient);
    }

    internal static async Task<int> OkEventsAsync(TestTenant tenant, string id) =>
        (await tenant.Client.GetFromJsonAsync<JsonElement>($"/v1/events?message_id={id}&type=ok")).GetProperty("data").GetArrayLength();

    internal static async Task StopAsync(Process? process)
    {
        if (process is null)
        {
            return;
        }

        if (!process.HasExited)
        {
            process.Kill();
        }

        await process.WaitForExitAsync();
        process.Dispose();
    }
}
