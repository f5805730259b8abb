using SendGateway.ClusterTests.Infrastructure;

namespace SendGateway.ClusterTests;

/// <summary>
/// PostgreSQL fails over under a steady send (Patroni, synchronous mode; the service reaches it through Npgsql's
/// multiple hosts with Target Session Attributes=primary): a switchover, then the primary's host cut off. The service
/// follows the new primary, readiness tells the truth meanwhile, and no acknowledged message loses its event.
/// </summary>
public sealed class PostgresFailoverTests
{
    private static readonly string Prefix = $"pgf{ClusterTopology.RunId}-";

    private static readonly string[] ApiNodes = ["api1", "api2"];

    [Test]
    public async Task UnderASteadySendTheServiceFollowsASwitchoverAndTheLossOfThePrimarysHostWithTruthfulReadinessAndEveryOkEventOnce()
    {
        using var tenant = await ClusterTenant.CreateAsync("pgfailover");
        var first = await Patroni.PrimaryAsync();
        Assert.That(first, Is.Not.Null, "Patroni leads with one of pg1, pg2");
        var second = first == "pg1" ? "pg2" : "pg1";
        Assert.That(await Polling.UntilAsync(() => Patroni.IsAsync(second, "sync"), s => s, TimeSpan.FromSeconds(60)), Is.True,
            $"{second} is the synchronous standby before the test");

        await using var sender = new SteadySender(tenant, Prefix, TimeSpan.FromMilliseconds(100));
        await sender.WaitForAsync(0, 20, TimeSpan.FromSeconds(60), "before the switchover");

        // 1. A planned switchover: the service follows without an operator.
        await Patroni.CtlAsync("switchover", "--leader", first!, "--candidate", second, "--force");
        Assert.That(await Polling.UntilAsync(() => Patroni.IsAsync(second, "primary"), p => p, TimeSpan.FromSeconds(60)), Is.True, $"{second} leads after the switchover");
        var atSwitchover = sender.Accepted.Count;
        await sender.WaitForAsync(atSwitchover, 30, TimeSpan.FromSeconds(60), "after the switchover");
        Assert.That(await Polling.UntilAsync(() => Patroni.IsAsync(first!, "sync"), s => s, TimeSpan.FromSeconds(60)), Is.True,
            $"{first} rejoined as the synchronous standby");

        // 2. The new primary's host cut off the network: no primary until Patroni's leader key expires and the synchronous
        // standby is promoted. Meanwhile the api nodes are not ready; after, ready again, and sends go on.
        await ClusterTopology.CutOffAsync(second);
        try
        {
            var notReady = await Polling.UntilAsync(async () => !await Readiness.IsReadyAsync("api1"), n => n, TimeSpan.FromSeconds(30));
            Assert.That(notReady, Is.True, "api1's /readyz says not ready while PostgreSQL has no primary it can reach");
            Assert.That(await Patroni.PrimaryAsync(), Is.Not.EqualTo(first), $"the not-ready was true: {first} was not promoted yet");
            Assert.That(await Polling.UntilAsync(() => Patroni.IsAsync(first!, "primary"), p => p, TimeSpan.FromSeconds(90)), Is.True,
                $"Patroni promoted {first} once {second}'s leader key expired");
            foreach (var node in ApiNodes)
            {
                Assert.That(await Polling.UntilAsync(() => Readiness.IsReadyAsync(node), r => r, TimeSpan.FromSeconds(60)), Is.True, $"{node} ready again on the new primary");
            }

            var atPromotion = sender.Accepted.Count;
            await sender.WaitForAsync(atPromotion, 30, TimeSpan.FromSeconds(60), "after the promotion");
        }
        finally
        {
            await ClusterTopology.ReconnectAsync(second);
        }

        // 3. Back on the network, the old primary rejoins as a standby (pg_rewind) and becomes the synchronous one again.
        Assert.That(await Polling.UntilAsync(() => Patroni.IsAsync(second, "replica"), r => r, TimeSpan.FromSeconds(120)), Is.True, $"{second} rejoined as a standby");
        Assert.That(await Polling.UntilAsync(() => Patroni.IsAsync(second, "sync"), s => s, TimeSpan.FromSeconds(60)), Is.True, $"{second} is the synchronous standby again");
        var accepted = await sender.StopAsync();

        var oks = await Polling.UntilAsync(() => EventsTable.OkPerTokenAsync(tenant.Id, Prefix), c => c.Count >= accepted.Count, TimeSpan.FromSeconds(120));
        Assert.That(accepted.Except(oks.Keys), Is.Empty, "every acknowledged message has its ok event in PostgreSQL");
        Assert.That(oks.Where(o => o.Value != 1).Select(o => o.Key), Is.Empty, "no ok event twice");
        var copies = MxMailbox.Copies(Prefix);
        Assert.That(accepted.Except(copies.Keys), Is.Empty, "every acknowledged message reached the mx host");
        Assert.That(copies.Where(c => c.Value != 1).Select(c => c.Key), Is.Empty, "once");
        TestContext.Out.WriteLine($"{accepted.Count} messages acknowledged, delivered once and recorded once across the switchover and the failover");
    }
}
