using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Cluster;

/// <summary>
/// The API's rate limits hold for the cluster, not per node: two api nodes (this process and a server process) take
/// from one bucket per key in Redis (Hosting/SharedRateLimits). With per-node buckets each node would serve the burst.
/// </summary>
[TestFixture]
public sealed class SharedRateLimitTests
{
    private const int Burst = 5;
    private const int PerSecond = 1;
    private SendGatewayFactory _factory = null!;
    private ApiNode _b = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _factory = new SendGatewayFactory(roles: "api", settings: new Dictionary<string, string?>
        {
            ["SendGateway:RateLimits:PerKeyPerSecond"] = PerSecond.ToString(),
            ["SendGateway:RateLimits:PerKeyBurst"] = Burst.ToString(),
        });
        _b = await ApiNode.StartAsync(_factory);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _b.DisposeAsync();
        await _factory.DisposeAsync();
    }

    [Test]
    public async Task RequestsAlternatingBetweenTwoNodesGetTheClusterLimitNotTwiceIt()
    {
        using var warm = await _factory.CreateTenantAsync(); // each node's first request (connections, caches) before the clock starts
        using var warmOnB = WithKey(_b.Client.BaseAddress!, warm.ApiKey);
        await warm.Client.GetAsync("/v1/domains");
        await warmOnB.GetAsync("/v1/domains");

        using var tenant = await _factory.CreateTenantAsync();
        using var onB = WithKey(_b.Client.BaseAddress!, tenant.ApiKey);
        var answers = new List<HttpResponseMessage>();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 4 * Burst; i++)
        {
            answers.Add(await (i % 2 == 0 ? tenant.Client : onB).GetAsync("/v1/domains"));
        }

        var elapsed = clock.Elapsed;
        var served = answers.Count(a => a.StatusCode == HttpStatusCode.OK);
        var limited = answers.Where(a => a.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        var bound = Burst + (int)Math.Floor(elapsed.TotalSeconds * PerSecond);
        TestContext.Out.WriteLine($"{served} served, {limited.Count} limited in {elapsed.TotalMilliseconds:F0} ms; the cluster's bound {bound}");
        Assert.Multiple(() =>
        {
            Assert.That(served, Is.GreaterThanOrEqualTo(Burst), "the burst is served");
            Assert.That(served, Is.LessThanOrEqualTo(bound), "the burst plus the rate over the elapsed time, for both nodes together");
            Assert.That(served + limited.Count, Is.EqualTo(answers.Count), "every other answer is 429");
            Assert.That(limited.Select(a => a.Headers.RetryAfter?.Delta), Is.All.GreaterThanOrEqualTo(TimeSpan.FromSeconds(1)), "each 429 says when to retry");
        });
    }

    /// <summary>
    /// Redis hangs (connections kept, nothing answers) for a third node: its requests are still served, each node
    /// counting on its own (the burst, then 429), never a 500 and never held past the rate limits' Redis timeout.
    /// </summary>
    [Test]
    public async Task WhileRedisDoesNotAnswerEachNodeServesRequestsUnderItsOwnLimit()
    {
        using var tenant = await _factory.CreateTenantAsync();
        await using var proxy = new FaultProxy(int.Parse(TestEnvironment.Storage.RedisEndpoint.Split(':')[^1], System.Globalization.CultureInfo.InvariantCulture));
        await using var c = await ApiNode.StartAsync(_factory, new Dictionary<string, string>
        {
            ["ConnectionStrings:Redis"] = $"127.0.0.1:{proxy.Port},defaultDatabase={_factory.RedisDatabase},{StoreFaults.FastRedisOptions}",
        });
        using var onC = WithKey(c.Client.BaseAddress!, tenant.ApiKey);
        Assert.That((await onC.GetAsync("/v1/domains")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "served while Redis answers");

        proxy.Blackhole();
        var answers = new List<HttpStatusCode>();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 2 * Burst; i++)
        {
            answers.Add((await onC.GetAsync("/v1/domains")).StatusCode);
        }

        TestContext.Out.WriteLine($"while Redis hangs: {string.Join(", ", answers.Select(a => (int)a))} in {clock.ElapsedMilliseconds} ms");
        Assert.Multiple(() =>
        {
            Assert.That(answers, Is.All.EqualTo(HttpStatusCode.OK).Or.EqualTo(HttpStatusCode.TooManyRequests), "served or limited, never failed");
            Assert.That(answers.Take(Burst - 1), Is.All.EqualTo(HttpStatusCode.OK), "the node's own bucket serves its burst");
            Assert.That(answers.TakeLast(Burst - 1), Is.All.EqualTo(HttpStatusCode.TooManyRequests), "and then limits the key on its own");
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)), "one wait for Redis, not one per request");
        });
        proxy.Pass();
    }

    private static HttpClient WithKey(Uri node, string key)
    {
        var client = new HttpClient { BaseAddress = node };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }
}
