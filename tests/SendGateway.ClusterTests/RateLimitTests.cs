using System.Diagnostics;
using System.Net;
using SendGateway.ClusterTests.Infrastructure;

namespace SendGateway.ClusterTests;

/// <summary>
/// §2.2 on the topology: the API's rate limits hold for the cluster, not per node. Requests without a valid key draw
/// from their client address's bucket (50 a second, a burst of 100 by default); lb passes the address on
/// (X-Forwarded-For from a trusted proxy), and both api nodes take from one bucket in Redis. Per-node buckets would
/// serve up to twice the burst plus twice the rate.
/// </summary>
public sealed class RateLimitTests
{
    private const int Burst = 100;
    private const int PerSecond = 50;
    private const int Requests = 600;

    [Test]
    public async Task RequestsSpreadOverBothApiNodesGetTheClusterLimitNotTwiceIt()
    {
        await WaitForAFullBucketAsync();
        using var lb = new HttpClient { BaseAddress = ClusterTopology.LoadBalancer, Timeout = TimeSpan.FromSeconds(20) };
        var before = await LoadBalancerStats.SessionsPerServerAsync();
        var answers = new HttpStatusCode[Requests];
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < Requests; i = Interlocked.Increment(ref next))
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "v1/domains");
                request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "sg_not_a_key");
                using var response = await lb.SendAsync(request);
                answers[i] = response.StatusCode;
            }
        }));
        var elapsed = clock.Elapsed;
        var after = await LoadBalancerStats.SessionsPerServerAsync();

        var served = answers.Count(a => a == HttpStatusCode.Unauthorized);
        var limited = answers.Count(a => a == HttpStatusCode.TooManyRequests);
        var bound = Burst + (int)Math.Ceiling(elapsed.TotalSeconds * PerSecond);
        TestContext.Out.WriteLine($"{served} answered 401, {limited} limited in {elapsed.TotalMilliseconds:F0} ms; the cluster's bound {bound}, per node it would be {2 * bound}");
        Assert.Multiple(() =>
        {
            Assert.That(after[("api", "api1")] - before[("api", "api1")], Is.GreaterThan(0), "api1 answered some");
            Assert.That(after[("api", "api2")] - before[("api", "api2")], Is.GreaterThan(0), "api2 answered some");
            Assert.That(served + limited, Is.EqualTo(Requests), "each request is refused for its key or limited");
            Assert.That(limited, Is.GreaterThan(0), "the requests outran the cluster's limit (else the test tells nothing)");
            Assert.That(served, Is.GreaterThanOrEqualTo(Burst), "the burst is served");
            Assert.That(served, Is.LessThanOrEqualTo(bound), "the burst plus the rate over the elapsed time, for both nodes together");
        });

        await WaitForAFullBucketAsync(); // the tests after this one sign in from the same address
    }

    /// <summary>Until a keyless request is answered (not limited), then a burst's refill time: the bucket is full.</summary>
    private static async Task WaitForAFullBucketAsync()
    {
        using var lb = new HttpClient { BaseAddress = ClusterTopology.LoadBalancer };
        var served = await Polling.UntilAsync(async () => (await lb.GetAsync("v1/domains")).StatusCode, s => s == HttpStatusCode.Unauthorized, TimeSpan.FromSeconds(30));
        Assert.That(served, Is.EqualTo(HttpStatusCode.Unauthorized), "keyless requests are answered again");
        await Task.Delay(TimeSpan.FromSeconds((double)Burst / PerSecond)); // the refill time of the whole burst at the configured rate
    }
}
