using Microsoft.Extensions.Options;
using SendGateway.Server.Delivery.Pipeline;
using SendGateway.Server.Delivery;
using SendGateway.Server.Queue;

namespace SendGateway.Server.Tests;

[TestFixture]
public sealed class RetryScheduleTests
{
    private static RetrySchedule Schedule(double jitter = 0) => new(Options.Create(new DeliveryOptions
    {
        MaxQueueLifetime = TimeSpan.FromHours(48),
        Retry = new RetryOptions { FirstDelay = TimeSpan.FromMinutes(5), MaxDelay = TimeSpan.FromHours(1), Jitter = jitter },
    }));

    [TestCase(1, 5)]
    [TestCase(2, 10)]
    [TestCase(3, 20)]
    [TestCase(4, 40)]
    [TestCase(5, 60)]
    [TestCase(50, 60)]
    public void DoublesFromTheFirstDelayUpToTheCap(int attempt, int minutes) =>
        Assert.That(Schedule().DelayFor(attempt, 0.5), Is.EqualTo(TimeSpan.FromMinutes(minutes)));

    [TestCase(0.0, 4.5)]
    [TestCase(1.0, 5.5)]
    public void JitterStaysWithinItsFraction(double random, double minutes) =>
        Assert.That(Schedule(jitter: 0.1).DelayFor(1, random).TotalMinutes, Is.EqualTo(minutes).Within(1e-9));

    [Test]
    public void NeverSchedulesPastTheMessagesLifetime()
    {
        var accepted = new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);
        var now = accepted.AddHours(47).AddMinutes(50);
        Assert.That(Schedule().NextAttempt(Entry(accepted), 10, now), Is.EqualTo(accepted.AddHours(48)));
    }

    [Test]
    public void CountsTheLifetimeFromAcceptance()
    {
        var accepted = new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);
        Assert.That(Schedule().ExpiresAt(Entry(accepted)), Is.EqualTo(accepted.AddHours(48)));
    }

    [Test]
    public void AMessagesOwnLifetimeEndsItSoonerButNeverLater()
    {
        var accepted = new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);
        Assert.That(Schedule().ExpiresAt(Entry(accepted, TimeSpan.FromMinutes(15))), Is.EqualTo(accepted.AddMinutes(15)));
        Assert.That(Schedule().ExpiresAt(Entry(accepted, TimeSpan.FromDays(9))), Is.EqualTo(accepted.AddHours(48)), "capped by the queue's");
        Assert.That(Schedule().NextAttempt(Entry(accepted, TimeSpan.FromMinutes(15)), 3, accepted.AddMinutes(10)), Is.EqualTo(accepted.AddMinutes(15)), "a retry due later is due at the expiry");
        Assert.That(Schedule().NotPastExpiry(Entry(accepted, TimeSpan.FromMinutes(15)), accepted.AddHours(1)), Is.EqualTo(accepted.AddMinutes(15)), "and so is a deferral");
    }

    private static QueueEntry Entry(DateTimeOffset acceptedAt, TimeSpan? lifetime = null) => new()
    {
        Id = "msg_1", BatchId = "bat_1", TenantId = "t", Recipient = "r@x.test", ToEmail = "r@x.test", Shard = 0, AcceptedAt = acceptedAt, Lifetime = lifetime,
    };
}
