using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Faults;

/// <summary>
/// reliability.md T91 on the relay: Redis full. Past the service's high-water mark (<c>Queue:HighWaterBytes</c>) the
/// relay refuses at MAIL with <c>452 4.3.1 Insufficient system storage</c>; at <c>maxmemory</c> under <c>noeviction</c>
/// below that mark, the write at the end of DATA is refused and the relay answers <c>451 4.3.0</c>. Nothing is queued
/// or evicted meanwhile, a message acknowledged before the fill is delivered, and the client's retry once memory is
/// free is delivered once.
/// </summary>
[TestFixture]
public sealed class RelayOutOfMemoryTests
{
    private const long HighWaterBytes = 8L << 20;

    [Test]
    public async Task AFullRedisIs452AtMailOr451AtTheEndOfDataAndEveryEarlierAckIsDeliveredOnce()
    {
        await using var stores = await StoreFaults.StartAsync();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // The message acknowledged before the fill is held at the MX (its 250 waits) until memory is free again.
        await using var mx = new RawMx(async (c, _) => await RawMx.ServeAsync(c, afterData: async x =>
        {
            await release.Task;
            await x.WriteAsync("250 2.0.0 Ok: queued");
        }));
        var settings = stores.Settings();
        settings["SendGateway:Queue:HighWaterBytes"] = HighWaterBytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["SendGateway:Delivery:Routes:oom-relay.test"] = $"127.0.0.1:{mx.Port}";
        settings["SendGateway:Delivery:CommandTimeout"] = "00:03:00";
        settings["SendGateway:Resilience:OutageMaxBackoff"] = "00:00:00.500";
        await using var relay = new SendGatewayFactory("api,relay,delivery,events", settings);
        relay.StartServer();
        using var tenant = await relay.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, "oom.test");
        var submitter = await RelaySubmitter.CreateAsync(relay, tenant);
        var (earlier, refused) = ($"t91-earlier-{Guid.NewGuid():N}@oom-relay.test", $"t91-refused-{Guid.NewGuid():N}@oom-relay.test");

        var before = await submitter.SubmitAsync("a@oom.test", [earlier]);
        Assert.That(before.Queued, Is.True, before.Mail + before.EndOfData);
        Assert.That(await Polling.UntilAsync(() => Task.FromResult(mx.Received.Count), n => n == 1, TimeSpan.FromSeconds(60)), Is.EqualTo(1), "the earlier message is at the MX, its 250 held");
        using var admin = await stores.ConnectRedisAsync();
        var server = admin.GetServer($"127.0.0.1:{stores.Redis.Port}");
        var streams = await RedisOutOfMemoryTests.QueueLengthsAsync(admin, server);

        // maxmemory below what is used, the used memory below the high-water mark: MAIL is taken, the write is refused.
        await stores.BreakAsync(StoreKind.Redis, StoreFault.Fill);
        var atData = await submitter.SubmitAsync("a@oom.test", [refused]);
        Assert.That(atData.Mail, Does.StartWith("250"), "under the high-water mark MAIL is taken");
        Assert.That(atData.EndOfData, Is.EqualTo("451 4.3.0 Error: queue file write error\r\n"), "Redis refused the write (OOM): no queue id");
        await stores.RepairAsync(StoreKind.Redis);

        // Past the high-water mark as well: refused at MAIL, before any content is sent (sampled once a second).
        await stores.BreakAsync(StoreKind.Redis, StoreFault.Fill, fillerBytes: 2 * HighWaterBytes);
        var atMail = await Polling.UntilAsync(() => submitter.SubmitAsync("a@oom.test", [refused]), r => !r.Mail.StartsWith("250", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        Assert.That(atMail.Mail, Is.EqualTo("452 4.3.1 Insufficient system storage\r\n"));
        Assert.That(atMail.EndOfData, Is.Empty, "the transaction went no further");
        Assert.That(await RedisOutOfMemoryTests.QueueLengthsAsync(admin, server), Is.EqualTo(streams), "nothing queued while full");
        Assert.That(RedisOutOfMemoryTests.EvictedKeys(await server.InfoAsync("stats")), Is.Zero, "no key evicted");
        await stores.RepairAsync(StoreKind.Redis);

        var retried = await Polling.UntilAsync(() => submitter.SubmitAsync("a@oom.test", [refused]), r => r.Queued, TimeSpan.FromSeconds(30));
        Assert.That(retried.Queued, Is.True, retried.EndOfData);
        release.SetResult();
        var settled = await Polling.UntilAsync(() => QueueProbe.WaitingAsync(admin.GetDatabase(0)), n => n == 0, TimeSpan.FromSeconds(90));
        Assert.That(settled, Is.Zero, "everything queued has had its final attempt");
        Assert.That(mx.Received.Count(d => d.Contains(earlier, StringComparison.Ordinal)), Is.EqualTo(1), "the message acknowledged before the fill was delivered once");
        Assert.That(mx.Received.Count(d => d.Contains(refused, StringComparison.Ordinal)), Is.EqualTo(1), "the refused message, retried, was delivered once");
    }
}
