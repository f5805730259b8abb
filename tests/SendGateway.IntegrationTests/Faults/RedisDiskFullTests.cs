using System.Net;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Faults;

/// <summary>
/// reliability.md T95: the disk under Redis's append-only file is full (its files may not grow: a file size limit on the
/// running redis-server, as a full volume fails the write). Under <c>appendfsync always</c> Redis cannot keep a write it
/// could not log and ends at the first append that fails; the relay answers <c>451 4.3.0</c> and the API <c>503</c>,
/// never a success. Once there is room again, Redis loads its append-only file cleanly (a torn last append is dropped),
/// every message acknowledged before is delivered once, and the refused ones, retried, are delivered once.
/// </summary>
[TestFixture]
public sealed class RedisDiskFullTests
{
    [Test]
    public async Task OnAFullDiskTheRelayIs451AndTheApi503AndAfterSpaceReturnsEveryAckIsDeliveredOnce()
    {
        await using var stores = await StoreFaults.StartAsync();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // The messages acknowledged before the disk fills are still queued then: the MX holds its answers until the end.
        await using var mx = new RawMx(async (c, _) => await RawMx.ServeAsync(c, afterData: async x =>
        {
            await release.Task;
            await x.WriteAsync("250 2.0.0 Ok: queued");
        }));
        var settings = stores.Settings();
        settings["SendGateway:Delivery:Routes:disk-full.test"] = $"127.0.0.1:{mx.Port}";
        settings["SendGateway:Delivery:CommandTimeout"] = "00:03:00";
        settings["SendGateway:Resilience:OutageMaxBackoff"] = "00:00:00.500";
        settings["SendGateway:Idempotency:InProgressTtl"] = "00:00:05";
        await using var relay = new SendGatewayFactory("api,relay,delivery,events", settings);
        relay.StartServer();
        using var tenant = await relay.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, "full.test");
        var submitter = await RelaySubmitter.CreateAsync(relay, tenant);
        string Recipient(string name) => $"t95-{name}-{Guid.NewGuid():N}@disk-full.test";
        var (relayedBefore, postedBefore, relayedDuring, postedDuring) = (Recipient("a"), Recipient("b"), Recipient("c"), Recipient("d"));

        Assert.That((await submitter.SubmitAsync("a@full.test", [relayedBefore])).Queued, Is.True);
        Assert.That((await PostAsync(tenant, postedBefore)).Status, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That(await Polling.UntilAsync(() => Task.FromResult(mx.Received.Count), n => n >= 1, TimeSpan.FromSeconds(60)), Is.GreaterThanOrEqualTo(1), "delivery under way");

        await stores.BreakAsync(StoreKind.Redis, StoreFault.DiskFull);
        var relayed = await submitter.SubmitAsync("a@full.test", [relayedDuring]);
        var refusal = relayed.Mail.StartsWith("250", StringComparison.Ordinal) ? relayed.EndOfData : relayed.Mail;
        Assert.That(relayed.Queued, Is.False, "never a 250 for a write that could not be logged");
        Assert.That(refusal, Does.StartWith("451 4.3.0 "), "a temporary refusal: the client keeps the message");
        var posted = await PostAsync(tenant, postedDuring);
        Assert.That(posted.Status, Is.EqualTo(HttpStatusCode.ServiceUnavailable), posted.Body);
        Assert.That(posted.RetryAfter, Is.Not.Null);
        Assert.That(await Polling.UntilAsync(() => Task.FromResult(stores.Redis.HasExited), exited => exited, TimeSpan.FromSeconds(60)), Is.True,
            "Redis ended at the append it could not write (appendfsync always)");

        await stores.RepairAsync(StoreKind.Redis); // room again: started on the same append-only file, which loads
        var retriedRelay = await Polling.UntilAsync(() => submitter.SubmitAsync("a@full.test", [relayedDuring]), r => r.Queued, TimeSpan.FromSeconds(60));
        Assert.That(retriedRelay.Queued, Is.True, retriedRelay.EndOfData);
        var retriedPost = await Polling.UntilAsync(() => PostAsync(tenant, postedDuring), r => r.Status == HttpStatusCode.Accepted, TimeSpan.FromSeconds(60));
        Assert.That(retriedPost.Status, Is.EqualTo(HttpStatusCode.Accepted), retriedPost.Body);
        release.SetResult();

        using var admin = await stores.ConnectRedisAsync();
        var settled = await Polling.UntilAsync(() => QueueProbe.WaitingAsync(admin.GetDatabase(0)), n => n == 0, TimeSpan.FromSeconds(120));
        Assert.That(settled, Is.Zero, "everything queued has had its final attempt");
        foreach (var recipient in new[] { relayedBefore, postedBefore, relayedDuring, postedDuring })
        {
            Assert.That(mx.Received.Count(d => d.Contains(recipient, StringComparison.Ordinal)), Is.EqualTo(1), $"{recipient[..6]}…: one copy");
        }
    }

    private static async Task<(HttpStatusCode Status, string Body, System.Net.Http.Headers.RetryConditionHeaderValue? RetryAfter)> PostAsync(TestTenant tenant, string recipient)
    {
        using var response = await tenant.SendAsync(new { from = new { email = "a@full.test" }, to = new[] { new { email = recipient } }, subject = "s", text = "t" });
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.RetryAfter);
    }
}
