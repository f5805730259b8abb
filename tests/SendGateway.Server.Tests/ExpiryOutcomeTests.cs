using SendGateway.Server.Delivery;
using SendGateway.Server.Delivery.Pipeline;
using SendGateway.Server.Queue;

namespace SendGateway.Server.Tests;

/// <summary>
/// The bounce at the end of a message's lifetime names the TLS policy its last attempt failed on (RFC 8689: 5.7.10 for a
/// message that requires TLS; 5.7.5 for MTA-STS and DANE), and a softbounce's reason travels with the retried entry.
/// </summary>
[TestFixture]
public sealed class ExpiryOutcomeTests
{
    private static readonly QueueEntry Entry = new()
    {
        Id = "msg_1", BatchId = "bat_1", TenantId = "t", Recipient = "ann@example.test", ToEmail = "ann@example.test", Shard = 0,
        AcceptedAt = new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero), Attempt = 3,
    };

    [TestCase("require_tls", "5.7.10", "REQUIRETLS")]
    [TestCase("mta_sts", "5.7.5", "MTA-STS")]
    [TestCase("dane", "5.7.5", "DANE")]
    public void ATlsPolicyFailureBouncesWithItsCodeAndReason(string reason, string enhanced, string named)
    {
        var outcome = ExpiryOutcome.For(Entry with { LastFailureReason = reason }, 4);
        Assert.That(outcome.Type, Is.EqualTo("hardbounce"));
        Assert.That(outcome.BounceClass, Is.EqualTo("MessageExpired"), "a soft cause: the address is not suppressed");
        Assert.That(outcome.Smtp!.EnhancedCode, Is.EqualTo(enhanced));
        Assert.That(outcome.Smtp.Response, Does.Contain(named));
        Assert.That(outcome.Reason, Is.EqualTo(reason));
        Assert.That(outcome.Smtp.Attempt, Is.EqualTo(4));
    }

    [TestCase(null)]
    [TestCase("destination_throttled")]
    public void AnyOtherLastFailureIsThePlainExpiry(string? reason)
    {
        var outcome = ExpiryOutcome.For(Entry with { LastFailureReason = reason }, 4);
        Assert.That((outcome.Type, outcome.BounceClass, outcome.Smtp!.EnhancedCode, outcome.Reason), Is.EqualTo(("hardbounce", "MessageExpired", "5.4.7", (string?)null)));
    }

    [Test]
    public void ASoftbouncesReasonTravelsWithTheRetryAndTheNextOneReplacesIt()
    {
        var tls = DeliveryOutcome.Temporary("BadConnection", "4.7.5", "no verified TLS", "mx.example.test", 4) with { Reason = "require_tls" };
        var retried = OutcomeEvents.RetryOf(Entry, tls, 7)!;
        Assert.That((retried.Attempt, retried.Sequence, retried.LastFailureReason), Is.EqualTo((4, 7, "require_tls")));

        var plain = DeliveryOutcome.Temporary("TransientFailure", "4.3.0", "try again", "mx.example.test", 5);
        Assert.That(OutcomeEvents.RetryOf(retried, plain, 8)!.LastFailureReason, Is.Null, "a later failure of another kind is the one the expiry names");
        Assert.That(OutcomeEvents.RetryOf(retried, DeliveryOutcome.Permanent("InvalidRecipient", "5.1.1", "no such user", null, 5), 8), Is.Null);
    }
}
