using SendGateway.ClusterTests.Infrastructure;

namespace SendGateway.ClusterTests;

/// <summary>
/// A Redis Cluster primary killed (<c>kill -9</c>) under a steady send: the cluster promotes its replica, the service
/// carries on, and every message answered 202 is delivered. The accept path waits for a replica before it answers
/// (<c>Queue:MinReplicasToAck</c> 1 in the cluster's settings), so an acknowledged write is on the promoted replica.
/// </summary>
public sealed class RedisFailoverTests
{
    private static readonly string Prefix = $"rfo{ClusterTopology.RunId}-";

    [Test]
    public async Task APrimaryKilledUnderASteadySendIsReplacedByItsReplicaAndEveryAcknowledgedMessageIsDelivered()
    {
        using var tenant = await ClusterTenant.CreateAsync("redisfailover");
        var roles = await RedisNodes.RolesAsync(RedisNodes.Ports[0]);
        var primary = roles.Where(r => r.Value == "master").Select(r => r.Key).Order().First();
        var replica = await RedisNodes.ReplicaOfAsync(primary);
        var witness = RedisNodes.Ports.First(p => p != primary && p != replica);

        await using var sender = new SteadySender(tenant, Prefix, TimeSpan.FromMilliseconds(50));
        await sender.WaitForAsync(0, 40, TimeSpan.FromSeconds(60), "before the kill");
        await RedisNodes.KillAsync(primary);
        try
        {
            var promoted = await Polling.UntilAsync(() => RedisNodes.RolesAsync(witness), r => r.GetValueOrDefault(replica) == "master", TimeSpan.FromSeconds(30));
            Assert.That(promoted.GetValueOrDefault(replica), Is.EqualTo("master"), $"the replica {replica} was promoted in place of {primary}");
            await sender.WaitForAsync(sender.Accepted.Count, 60, TimeSpan.FromSeconds(60), "after the promotion");
        }
        finally
        {
            await RedisNodes.RestartAsync(primary);
        }

        var rejoined = await Polling.UntilAsync(() => RedisNodes.RolesAsync(witness), r => r.GetValueOrDefault(primary) == "slave", TimeSpan.FromSeconds(30));
        Assert.That(rejoined.GetValueOrDefault(primary), Is.EqualTo("slave"), "the killed node rejoined as a replica");
        var accepted = await sender.StopAsync();

        var copies = await Polling.UntilAsync(() => Task.FromResult(MxMailbox.Copies(Prefix)), c => accepted.All(c.ContainsKey), TimeSpan.FromSeconds(120));
        Assert.That(accepted.Except(copies.Keys), Is.Empty, "every message answered 202 reached the mx host");
        var oks = await Polling.UntilAsync(() => EventsTable.OkPerTokenAsync(tenant.Id, Prefix), c => accepted.All(c.ContainsKey), TimeSpan.FromSeconds(120));
        Assert.That(accepted.Except(oks.Keys), Is.Empty, "and has its ok event");
        TestContext.Out.WriteLine($"{accepted.Count} acknowledged across the failover of {primary} to {replica}; {copies.Count(c => c.Value > 1)} sent twice");
    }

    /// <summary>
    /// The write a primary acknowledges and its replica never got is what a failover loses. The replication link from the
    /// primary to its replica is cut for 3 s while the send goes on (packets dropped inside the redis host), then the
    /// primary is killed, the link restored and the stale replica promoted. With <c>Queue:MinReplicasToAck</c> 1 the
    /// accept path's WAIT times out meanwhile, so those messages are answered 503 (retried by the client with its key,
    /// accepted after the promotion), never 202; with 0 the primary answers 202 for writes the promoted replica lacks, and
    /// they are lost (this test then fails). The messages are scheduled a little ahead, so they are still queued at the kill.
    /// </summary>
    [Test]
    public async Task APrimaryKilledWhileItsReplicaLagsLosesNoAcknowledgedMessage()
    {
        using var tenant = await ClusterTenant.CreateAsync("redislag");
        var prefix = $"rlag{ClusterTopology.RunId}-";
        var roles = await RedisNodes.RolesAsync(RedisNodes.Ports[0]);
        var primary = roles.Where(r => r.Value == "master").Select(r => r.Key).Order().Last();
        var replica = await RedisNodes.ReplicaOfAsync(primary);
        var witness = RedisNodes.Ports.First(p => p != primary && p != replica);

        // Each message scheduled 15 s ahead: what is accepted during the lag is still in Redis when the primary dies, so a
        // write the promoted replica lacks is a message never delivered (sent at once, it could leave before the kill).
        var senders = Enumerable.Range(0, 4).Select(i => new SteadySender(tenant, $"{prefix}{i}-", TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(15))).ToList();
        try
        {
            await Polling.UntilAsync(() => Task.FromResult(senders.Sum(s => s.Accepted.Count)), n => n >= 40, TimeSpan.FromSeconds(60));
            await RedisNodes.CutReplicationAsync(primary);
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(3)); // the replica's lag: the scenario itself, not a wait for a result
                await RedisNodes.KillAsync(primary);
            }
            finally
            {
                await RedisNodes.RestoreReplicationAsync();
            }

            var promoted = await Polling.UntilAsync(() => RedisNodes.RolesAsync(witness), r => r.GetValueOrDefault(replica) == "master", TimeSpan.FromSeconds(60));
            Assert.That(promoted.GetValueOrDefault(replica), Is.EqualTo("master"), $"the stale replica {replica} was promoted in place of {primary}");
        }
        finally
        {
            await RedisNodes.RestartAsync(primary);
        }

        // The promoted node has no replica until the old primary rejoins as one: until then WAIT 1 cannot be met, so its
        // shards' accepts are answered 503 (what MinReplicasToAck 1 asks for; two replicas per primary avoid the wait).
        var rejoined = await Polling.UntilAsync(() => RedisNodes.RolesAsync(witness), r => r.GetValueOrDefault(primary) == "slave", TimeSpan.FromSeconds(30));
        Assert.That(rejoined.GetValueOrDefault(primary), Is.EqualTo("slave"), "the killed node rejoined as a replica");
        var atRejoin = senders.Sum(s => s.Accepted.Count);
        var after = await Polling.UntilAsync(() => Task.FromResult(senders.Sum(s => s.Accepted.Count)), n => n >= atRejoin + 60, TimeSpan.FromSeconds(60));
        Assert.That(after, Is.GreaterThanOrEqualTo(atRejoin + 60), "the service carries on once the promoted node has a replica again");
        var accepted = new List<string>();
        foreach (var sender in senders)
        {
            accepted.AddRange(await sender.StopAsync());
            await sender.DisposeAsync();
        }

        var copies = await Polling.UntilAsync(() => Task.FromResult(MxMailbox.Copies(prefix)), c => accepted.All(c.ContainsKey), TimeSpan.FromSeconds(120));
        Assert.That(accepted.Except(copies.Keys), Is.Empty, "every message answered 202 reached the mx host, those accepted while the replica lagged included");
        TestContext.Out.WriteLine($"{accepted.Count} acknowledged across the lag and the failover of {primary} to {replica}");
    }
}
