using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SendGateway.Server.Webhooks;

namespace SendGateway.Server.Tests;

/// <summary>
/// reliability.md T53, the rules of the per-endpoint circuit (the running dispatcher is driven in the integration
/// tests' WebhookCircuitBreakerTests): which outcomes count, when it opens, the probe after the open time, a failed
/// probe opening it again at once, and a disabled endpoint starting closed.
/// </summary>
[TestFixture]
public sealed class WebhookCircuitRulesTests
{
    private static readonly AttemptResult Timeout = new(null, 1000, "timeout");
    private static readonly AttemptResult ServerError = new(503, 5, "http_status");
    private static readonly AttemptResult Ok = new(204, 5, null);

    private readonly Clock _clock = new();
    private WebhookCircuitBreaker _breaker = null!;

    [SetUp]
    public void CreateBreaker() => _breaker = new WebhookCircuitBreaker(
        Options.Create(new WebhooksOptions { BreakerFailures = 3, BreakerOpenTime = TimeSpan.FromMinutes(5) }), _clock, NullLogger<WebhookCircuitBreaker>.Instance);

    [Test]
    public void ItOpensAtTheNthFailureInARowForTheOpenTimeThenLetsAProbeThrough()
    {
        _breaker.Record("wh_a", Timeout);
        _breaker.Record("wh_a", new AttemptResult(null, 3, "connection_failed"));
        Assert.That(_breaker.Open(), Is.Empty, "two failures: still closed");
        _breaker.Record("wh_a", ServerError);
        Assert.That(_breaker.Open(), Is.EqualTo(new[] { "wh_a" }));
        _clock.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        Assert.That(_breaker.Open(), Is.EqualTo(new[] { "wh_a" }), "open for the whole open time");
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.That(_breaker.Open(), Is.Empty, "half-open: the next attempt is the probe");
    }

    [Test]
    public void AFailedProbeOpensItAgainAtOnceAndASucceededOneClosesIt()
    {
        for (var i = 0; i < 3; i++)
        {
            _breaker.Record("wh_a", new AttemptResult(null, 3, "tls_failed"));
        }

        _clock.Advance(TimeSpan.FromMinutes(5));
        _breaker.Record("wh_a", Timeout);
        Assert.That(_breaker.Open(), Is.EqualTo(new[] { "wh_a" }), "one failed probe is enough");
        _clock.Advance(TimeSpan.FromMinutes(5));
        _breaker.Record("wh_a", Ok);
        Assert.That(_breaker.Open(), Is.Empty);
        _breaker.Record("wh_a", Timeout);
        _breaker.Record("wh_a", Timeout);
        Assert.That(_breaker.Open(), Is.Empty, "the count started again at the success");
    }

    [Test]
    public void AnAnswerThatIsNotAFailureResetsTheCountAndABlockedDestinationLeavesIt()
    {
        _breaker.Record("wh_a", Timeout);
        _breaker.Record("wh_a", Timeout);
        _breaker.Record("wh_a", new AttemptResult(404, 5, "http_status"));
        _breaker.Record("wh_a", Timeout);
        _breaker.Record("wh_a", Timeout);
        Assert.That(_breaker.Open(), Is.Empty, "the endpoint answered in between");
        _breaker.Record("wh_a", new AttemptResult(null, 1, "blocked_destination"));
        _breaker.Record("wh_a", Timeout);
        Assert.That(_breaker.Open(), Is.EqualTo(new[] { "wh_a" }), "a refused address says nothing about the endpoint");
        Assert.That(_breaker.Open(), Does.Not.Contain("wh_b"), "circuits are per endpoint");
    }

    [Test]
    public void AnEndpointTheDispatcherDisabledStartsClosed()
    {
        for (var i = 0; i < 3; i++)
        {
            _breaker.Record("wh_a", Timeout);
        }

        _breaker.Forget("wh_a");
        Assert.That(_breaker.Open(), Is.Empty, "a replay after the disable goes out at once");
        _breaker.Record("wh_a", Timeout);
        Assert.That(_breaker.Open(), Is.Empty, "and the count starts again");
    }

    private sealed class Clock : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
