using SendGateway.ClusterTests.Infrastructure;

namespace SendGateway.ClusterTests;

/// <summary>
/// <c>kill -9</c> of <c>api1</c> under load, the clients retrying through lb with their Idempotency-Key (as
/// <see cref="SteadySender"/> does): no acknowledged message is lost, and no request makes a second message, a retry
/// whose first try died inside api1 included (a claim left by the dead node expires after
/// <c>Idempotency:InProgressTtl</c>, 10 s here; the retry then finds the first try's queue markers, if it got that far,
/// and answers with its message). The exact window between the queue write and the answer is pinned down by
/// <c>ClusterIdempotencyAfterDeathTests</c> in the integration tests; here it is whatever the kill hits.
/// </summary>
public sealed class ApiNodeKillTests
{
    private static readonly string Prefix = $"apikill{ClusterTopology.RunId}-";

    [Test]
    public async Task AnApiNodeKilledUnderLoadLosesNoAcknowledgedMessageAndRetriesMakeNoSecondOne()
    {
        using var tenant = await ClusterTenant.CreateAsync("apikill");
        var senders = Enumerable.Range(0, 4).Select(i => new SteadySender(tenant, $"{Prefix}{i}-", TimeSpan.FromMilliseconds(10))).ToList();
        try
        {
            await Polling.UntilAsync(() => Task.FromResult(senders.Sum(s => s.Accepted.Count)), n => n >= 80, TimeSpan.FromSeconds(60));
            await ClusterTopology.KillServerAsync("api1");
            var atKill = senders.Sum(s => s.Accepted.Count);
            var after = await Polling.UntilAsync(() => Task.FromResult(senders.Sum(s => s.Accepted.Count)), n => n >= atKill + 80, TimeSpan.FromSeconds(90));
            Assert.That(after, Is.GreaterThanOrEqualTo(atKill + 80), "requests are served through lb by api2 after api1 died");
        }
        finally
        {
            await ClusterTopology.StartServerAsync("api1", "api,relay");
        }

        var accepted = new List<string>();
        foreach (var sender in senders)
        {
            accepted.AddRange(await sender.StopAsync());
            await sender.DisposeAsync();
        }

        var copies = await Polling.UntilAsync(() => Task.FromResult(MxMailbox.Copies(Prefix)), c => accepted.All(c.ContainsKey), TimeSpan.FromSeconds(120));
        Assert.Multiple(async () =>
        {
            Assert.That(accepted.Except(copies.Keys), Is.Empty, "every message answered 202 reached the mx host");
            Assert.That(copies.Where(c => c.Value > 1).Select(c => c.Key), Is.Empty, "no request made a second message, retried or not");
            var oks = await Polling.UntilAsync(() => EventsTable.OkPerTokenAsync(tenant.Id, Prefix), c => accepted.All(c.ContainsKey), TimeSpan.FromSeconds(120));
            Assert.That(accepted.Except(oks.Keys), Is.Empty, "and has its ok event");
            Assert.That(oks.Values, Is.All.EqualTo(1), "one each");
        });
        TestContext.Out.WriteLine($"{accepted.Count} acknowledged across the kill of api1; {copies.Count - accepted.Count} delivered though never acknowledged (their client stopped retrying)");
    }
}
