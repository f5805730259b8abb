using SendGateway.Server.Common;

namespace SendGateway.Server.Tests;

public sealed class AdaptivePollTests
{
    [Test]
    public void IdleRoundsDoubleThePauseUpToTheCapAndWorkResetsIt()
    {
        var poll = new AdaptivePoll(TimeSpan.FromMilliseconds(10), TimeSpan.FromHours(1), reclaimAtStart: false);
        Assert.That(Enumerable.Range(0, 5).Select(_ => poll.Next(foundWork: false).TotalMilliseconds), Is.EqualTo(new[] { 2.0, 4, 8, 10, 10 }));
        Assert.That(poll.Next(foundWork: true), Is.EqualTo(TimeSpan.FromMilliseconds(1)));
        Assert.That(poll.Next(foundWork: false), Is.EqualTo(TimeSpan.FromMilliseconds(2)));
    }

    [Test]
    public void AReclaimIsDueAtStartOnlyWhenAskedAndThenOncePerPeriod()
    {
        var eager = new AdaptivePoll(TimeSpan.FromMilliseconds(10), TimeSpan.FromHours(1), reclaimAtStart: true);
        Assert.That((eager.ReclaimDue(), eager.ReclaimDue()), Is.EqualTo((true, false)));
        var patient = new AdaptivePoll(TimeSpan.FromMilliseconds(10), TimeSpan.FromHours(1), reclaimAtStart: false);
        Assert.That(patient.ReclaimDue(), Is.False);
        var every = new AdaptivePoll(TimeSpan.FromMilliseconds(10), TimeSpan.Zero, reclaimAtStart: false);
        SpinWait.SpinUntil(() => every.ReclaimDue(), TimeSpan.FromSeconds(1));
        Assert.That(every.ReclaimDue() || every.ReclaimDue(), Is.True, "a zero period is due on every call after the first tick");
    }
}
