using SendGateway.ClusterTests.Infrastructure;

namespace SendGateway.ClusterTests;

/// <summary>
/// <c>delivery2</c> cut off the network for 30 s under a steady send: its shards move to <c>delivery1</c> (their leases
/// expire and are taken), mail keeps flowing; back, it takes its share again. Every acknowledged message reaches the mx
/// host, and more than once only within the delivered journal's window (reliability.md T87: a message whose MX 250 was
/// sent but never reached the cut-off node, or whose journal write could not reach Redis, is sent again by the node that
/// takes it over), which bounds the duplicates by the transactions delivery2 had open at the cut: at most one per
/// connection, Delivery:MaxConnectionsPerDestination (10) to the one mx.
/// </summary>
public sealed class DeliveryPartitionTests
{
    private static readonly string Prefix = $"dlv{ClusterTopology.RunId}-";

    private const int MaxConnectionsPerDestination = 10; // the service's default, not overridden in scripts/cluster/start.sh

    [Test]
    public async Task ADeliveryHostCutOffForThirtySecondsHandsItsShardsOverAndTakesItsShareBackWithDuplicatesOnlyWithinTheJournalWindow()
    {
        using var tenant = await ClusterTenant.CreateAsync("partition");
        await using var leases = await DeliveryLeases.ConnectAsync();
        var shared = await Polling.UntilAsync(leases.ShardsPerHostAsync, s => s.Count == 2 && s.Values.Sum() == DeliveryLeases.Shards, TimeSpan.FromSeconds(60));
        Assert.That(shared.Keys, Is.EquivalentTo(new[] { "delivery1", "delivery2" }), "both delivery hosts lease shards before the cut");

        await using var sender = new SteadySender(tenant, Prefix, TimeSpan.FromMilliseconds(100));
        await sender.WaitForAsync(0, 30, TimeSpan.FromSeconds(60), "before the cut");

        await ClusterTopology.CutOffAsync("delivery2");
        var cut = DateTime.UtcNow;
        int deliveredAtCut;
        try
        {
            var moved = await Polling.UntilAsync(leases.ShardsPerHostAsync, s => s.GetValueOrDefault("delivery1") == DeliveryLeases.Shards, TimeSpan.FromSeconds(30));
            Assert.That(moved.GetValueOrDefault("delivery1"), Is.EqualTo(DeliveryLeases.Shards), "delivery1 took every shard over while delivery2 was cut off");
            deliveredAtCut = MxMailbox.Copies(Prefix).Count;
            var acceptedAtTakeover = sender.Accepted.Count;

            // Mail keeps flowing: what was acknowledged after the takeover reaches the mx while delivery2 is still cut off,
            // and the cut lasts its 30 s.
            var flowing = await Polling.UntilAsync(
                () => Task.FromResult((Delivered: MxMailbox.Copies(Prefix).Count, Elapsed: DateTime.UtcNow - cut)),
                f => f.Delivered >= acceptedAtTakeover + 20 && f.Elapsed >= TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60));
            Assert.That(flowing.Delivered, Is.GreaterThanOrEqualTo(acceptedAtTakeover + 20), "mail kept flowing through delivery1");
            Assert.That(flowing.Elapsed, Is.LessThan(TimeSpan.FromSeconds(45)), "while delivery2 was cut off");
        }
        finally
        {
            await ClusterTopology.ReconnectAsync("delivery2");
        }

        var back = await Polling.UntilAsync(leases.ShardsPerHostAsync, s => s.GetValueOrDefault("delivery2") == DeliveryLeases.Shards / 2, TimeSpan.FromSeconds(60));
        Assert.That(back.GetValueOrDefault("delivery2"), Is.EqualTo(DeliveryLeases.Shards / 2), "delivery2 took its fair share back");
        await sender.WaitForAsync(sender.Accepted.Count, 30, TimeSpan.FromSeconds(60), "after delivery2 came back");
        var accepted = await sender.StopAsync();

        var copies = await Polling.UntilAsync(() => Task.FromResult(MxMailbox.Copies(Prefix)), c => accepted.All(c.ContainsKey), TimeSpan.FromSeconds(120));
        Assert.That(accepted.Except(copies.Keys), Is.Empty, "every acknowledged message reached the mx host");
        var duplicates = copies.Where(c => c.Value > 1).Select(c => c.Key).ToList();
        Assert.That(duplicates, Has.Count.LessThanOrEqualTo(MaxConnectionsPerDestination), "duplicates only from delivery2's transactions open at the cut");
        Assert.That(copies.Values, Is.All.LessThanOrEqualTo(2), "a message sent again at most once (by the node that took it over)");
        var oks = await Polling.UntilAsync(() => EventsTable.OkPerTokenAsync(tenant.Id, Prefix), c => accepted.All(c.ContainsKey), TimeSpan.FromSeconds(120));
        Assert.That(accepted.Except(oks.Keys), Is.Empty, "every acknowledged message has its ok event");
        Assert.That(oks.Where(o => o.Value != 1).Select(o => o.Key), Is.Empty, "one each, even for a message sent twice");
        TestContext.Out.WriteLine($"{accepted.Count} acknowledged, {deliveredAtCut} delivered at the takeover, {duplicates.Count} duplicate(s): {string.Join(", ", duplicates)}");
    }
}
