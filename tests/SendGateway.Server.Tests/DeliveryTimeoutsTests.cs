using System.ComponentModel.DataAnnotations;
using SendGateway.Server.Delivery;

namespace SendGateway.Server.Tests;

/// <summary>reliability.md T62 and T70: the delivery timeouts by stage (RFC 5321 §4.5.3.2) and the attempt's deadline.</summary>
[TestFixture]
public sealed class DeliveryTimeoutsTests
{
    [Test]
    public void TheDefaultsWaitTenMinutesForTheDotAndEndAnAttemptBeforeItIsReclaimed()
    {
        var options = new DeliveryOptions();
        Assert.That(options.CommandTimeout, Is.EqualTo(TimeSpan.FromMinutes(5)), "greeting to RCPT: 5 min");
        Assert.That(options.DataTimeout, Is.GreaterThanOrEqualTo(TimeSpan.FromMinutes(10)), "the reply to the dot: 10 min at least");
        Assert.That(options.AttemptTimeout, Is.GreaterThanOrEqualTo(options.DataTimeout).And.LessThan(options.ReclaimIdleTime));
    }

    [Test]
    public void AnAttemptTimeoutShorterThanTheDataTimeoutIsRefused()
    {
        var options = new DeliveryOptions { AttemptTimeout = TimeSpan.FromMinutes(5) };
        var errors = options.Validate(new ValidationContext(options)).Select(r => r.ErrorMessage);
        Assert.That(errors, Has.Some.Contains("AttemptTimeout must be at least DataTimeout"));
    }
}
