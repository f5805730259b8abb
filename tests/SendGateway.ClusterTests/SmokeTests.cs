using System.Globalization;
using SendGateway.ClusterTests.Infrastructure;

namespace SendGateway.ClusterTests;

/// <summary>The topology works end to end: mail sent through lb by REST and by SMTP reaches the mx host once, each with
/// one <c>ok</c> event in PostgreSQL, and both api nodes served.</summary>
public sealed class SmokeTests
{
    private static readonly string Prefix = $"smoke{ClusterTopology.RunId}-";

    [Test]
    public async Task MessagesSentThroughTheLoadBalancerByRestAndSmtpAreDeliveredOnceWithOneOkEachAndBothApiNodesServe()
    {
        using var tenant = await ClusterTenant.CreateAsync("smoke");
        var tokens = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            var token = $"{Prefix}rest-{i:D3}";
            await tenant.SendAsync(token, TimeSpan.FromSeconds(30));
            tokens.Add(token);
        }

        for (var i = 0; i < 6; i++)
        {
            var token = $"{Prefix}smtp-{i:D3}";
            await tenant.SendSmtpAsync(token); // one session each: lb's round-robin spreads them over both relays
            tokens.Add(token);
        }

        var copies = await Polling.UntilAsync(() => Task.FromResult(MxMailbox.Copies(Prefix)), c => c.Count == tokens.Count, TimeSpan.FromSeconds(60));
        Assert.That(copies.Keys, Is.EquivalentTo(tokens), "every message reached the mx host");
        Assert.That(copies.Values, Is.All.EqualTo(1), "once");
        var oks = await Polling.UntilAsync(() => EventsTable.OkPerTokenAsync(tenant.Id, Prefix), c => c.Count == tokens.Count, TimeSpan.FromSeconds(60));
        Assert.That(oks.Keys, Is.EquivalentTo(tokens), "an ok event per message in PostgreSQL");
        Assert.That(oks.Values, Is.All.EqualTo(1), "one each");

        var served = await LoadBalancerStats.SessionsPerServerAsync();
        Assert.Multiple(() =>
        {
            Assert.That(served[("api", "api1")], Is.GreaterThan(0), "api1 served HTTP requests through lb");
            Assert.That(served[("api", "api2")], Is.GreaterThan(0), "api2 served HTTP requests through lb");
            Assert.That(served[("relay", "api1")], Is.GreaterThan(0), "api1's relay took SMTP sessions through lb");
            Assert.That(served[("relay", "api2")], Is.GreaterThan(0), "api2's relay took SMTP sessions through lb");
        });
        TestContext.Out.WriteLine(string.Join(", ", served.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Key}: {s.Value}"))));
    }
}
