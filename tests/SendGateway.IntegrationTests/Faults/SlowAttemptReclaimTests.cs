using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Faults;

/// <summary>
/// reliability.md T88 (claim versus a slow attempt): a remote server that takes four reclaim times to answer the dot (a
/// tarpit; 2 s reclaim time here for 15 min in production) does not get the message twice. The worker touches the
/// entries in hand every third of the reclaim time, so the reclaim (XAUTOCLAIM past the idle time, by this worker or
/// another holding the shard) never takes over an attempt in progress and makes it a second time beside it.
/// </summary>
[TestFixture]
public sealed class SlowAttemptReclaimTests
{
    private static readonly TimeSpan ReclaimIdleTime = TimeSpan.FromSeconds(2);

    [Test]
    public async Task AnAttemptLongerThanTheReclaimTimeIsNotTakenOverAndDeliversOneCopy()
    {
        var answering = 0;
        await using var tarpit = new RawMx(async (c, _) => await RawMx.ServeAsync(c, afterData: async x =>
        {
            if (Interlocked.Increment(ref answering) == 1)
            {
                await Task.Delay(4 * ReclaimIdleTime); // the remote server's own slowness: the behaviour under test, not a wait of the test
            }

            await x.WriteAsync("250 2.0.0 Ok: queued");
        }));
        await using var factory = new SendGatewayFactory("api,delivery,events", new Dictionary<string, string?>
        {
            ["SendGateway:Delivery:Routes:tarpit.test"] = $"127.0.0.1:{tarpit.Port}",
            ["SendGateway:Delivery:ReclaimIdleTime"] = ReclaimIdleTime.ToString(),
            ["SendGateway:Delivery:CommandTimeout"] = "00:01:00",
        });
        using var tenant = await factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, "slow-attempt.test");
        var recipient = $"t88-{Guid.NewGuid():N}@tarpit.test";
        using var response = await tenant.SendAsync(new { from = new { email = "a@slow-attempt.test" }, to = new[] { new { email = recipient } }, subject = "s", text = "t" });
        var id = (await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync())).RootElement.GetProperty("messages")[0].GetProperty("id").GetString()!;

        var message = await tenant.WaitForStatusAsync(id, "ok", seconds: 90);

        Assert.That(tarpit.Received.Count(d => d.Contains(recipient, StringComparison.Ordinal)), Is.EqualTo(1), "one copy: the slow attempt was not made a second time");
        Assert.That(message.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()), Is.EqualTo(new[] { "injected", "ok" }));
    }

    /// <summary>
    /// The same claim after a Redis restart longer than the reclaim time: the heartbeat could not touch the entry in hand
    /// while Redis was down, so the first reclaim after it (XAUTOCLAIM, which takes this consumer's own idle entries too)
    /// returns the entry whose attempt is still waiting for the dot's reply. It must not be attempted a second time beside
    /// the first (its 250 is not journaled yet); seen as two copies at the MX under load before the fix.
    /// </summary>
    [Test]
    public async Task AnAttemptInProgressAcrossARedisRestartIsNotMadeASecondTime()
    {
        await using var stores = await StoreFaults.StartAsync();
        using var dataReceived = new SemaphoreSlim(0);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var answering = 0;
        await using var tarpit = new RawMx(async (c, _) => await RawMx.ServeAsync(c, afterData: async x =>
        {
            if (Interlocked.Increment(ref answering) == 1)
            {
                dataReceived.Release();
                await release.Task; // the first copy's reply waits until the outage and the reclaim after it are over
            }

            await x.WriteAsync("250 2.0.0 Ok: queued");
        }));
        var settings = stores.Settings("connectTimeout=1000,syncTimeout=1000,asyncTimeout=1000");
        settings["SendGateway:Delivery:Routes:tarpit.test"] = $"127.0.0.1:{tarpit.Port}";
        settings["SendGateway:Delivery:ReclaimIdleTime"] = ReclaimIdleTime.ToString();
        settings["SendGateway:Delivery:CommandTimeout"] = "00:01:00";
        settings["SendGateway:Resilience:OutageMaxBackoff"] = "00:00:00.200";
        var logs = new CapturingLoggerProvider();
        await using var factory = new SendGatewayFactory("api,delivery,events", settings, logs: logs);
        using var tenant = await factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, "restart-attempt.test");
        var recipient = $"t88r-{Guid.NewGuid():N}@tarpit.test";
        using var response = await tenant.SendAsync(new { from = new { email = "a@restart-attempt.test" }, to = new[] { new { email = recipient } }, subject = "s", text = "t" });
        var id = (await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync())).RootElement.GetProperty("messages")[0].GetProperty("id").GetString()!;
        Assert.That(await dataReceived.WaitAsync(TimeSpan.FromSeconds(60)), Is.True, "the attempt reached the dot");

        await stores.BreakAsync(StoreKind.Redis, StoreFault.Kill);
        await Task.Delay(2 * ReclaimIdleTime); // the outage outlasts the reclaim time: the scenario itself, not a wait for a result
        await stores.RepairAsync(StoreKind.Redis);
        await Polling.UntilAsync(() => Task.FromResult(logs.Lines.Any(l => l.Contains("Delivery reads: storage answers again", StringComparison.Ordinal))),
            found => found, TimeSpan.FromSeconds(30)); // the delivery loop reads again, and reclaims
        await Task.Delay(2 * ReclaimIdleTime); // the remote server stays slow past the first reclaim rounds after the restart
        release.SetResult();

        await tenant.WaitForStatusAsync(id, "ok", seconds: 90);
        Assert.That(tarpit.Received.Count(d => d.Contains(recipient, StringComparison.Ordinal)), Is.EqualTo(1), "one copy: the attempt in progress was not made again");
    }
}
