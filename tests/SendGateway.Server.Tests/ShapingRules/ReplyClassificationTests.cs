using SendGateway.Server.Delivery;
using SendGateway.Server.Delivery.Shaping.Rules;
using SendGateway.Server.EventContract;

namespace SendGateway.Server.Tests.ShapingRules;

/// <summary>The first matching rule gives the event its hint and, when it names one, its bounce class; nothing else changes.</summary>
[TestFixture]
public sealed class ReplyClassificationTests
{
    private static readonly ShapingRulesOptions Options = new();

    private static readonly ShapingRuleSet Rules = ShapingRulesLoader.Merge(ShapingRulesFile.Parse("rules.yaml", """
        version: "1"
        providers:
          - name: outlook
            mx: ["*.olc.protection.outlook.com"]
        rules:
          - name: blocked
            provider: outlook
            text: '\(S3150\)'
            action: suspend
            duration: 1d
            bounce_class: SpamBlock
            hint: ask for delisting
          - name: auth
            code: 550
            enhanced_code: "5.7.515"
            action: classify
            hint: publish DMARC
          - name: unknown-user
            enhanced_code: "5.1.1"
            action: classify
            bounce_class: InactiveMailbox
          - name: slow
            code: 451
            action: throttle
            duration: 1h
            limit: 5
            hint: slow down
        """, Options), null, Options);

    private static DeliveryOutcome Reply(string type, string bounceClass, int code, string enhanced, string text) =>
        new(type, bounceClass, new SmtpDetail(code, enhanced, text, "mx.example.test", "127.0.0.3", false, 1));

    [Test]
    public void AMatchingRuleAddsItsHintAndKeepsTheClassifiersClassWhenItNamesNone()
    {
        var outcome = ReplyClassification.Apply(Rules, null, Reply(EventTypes.SpamBounce, "PolicyRelated", 550, "5.7.515", "550 5.7.515 Access denied"));
        Assert.That((outcome.Type, outcome.BounceClass, outcome.Smtp!.Hint), Is.EqualTo((EventTypes.SpamBounce, "PolicyRelated", "publish DMARC")));
    }

    [Test]
    public void ARulesBounceClassReplacesTheClassifiersAndAPermanentFailuresTypeFollowsIt()
    {
        var blocked = ReplyClassification.Apply(Rules, "outlook", Reply(EventTypes.HardBounce, "Other", 550, "5.7.1", "550 5.7.1 Unfortunately, messages from [192.0.2.1] weren't sent (S3150)"));
        Assert.That((blocked.Type, blocked.BounceClass, blocked.Smtp!.Hint), Is.EqualTo((EventTypes.SpamBounce, "SpamBlock", "ask for delisting")));

        var inactive = ReplyClassification.Apply(Rules, null, Reply(EventTypes.HardBounce, "InvalidRecipient", 550, "5.1.1", "550 5.1.1 no such user"));
        Assert.That((inactive.Type, inactive.BounceClass, inactive.Smtp!.Hint), Is.EqualTo((EventTypes.HardBounce, "InactiveMailbox", (string?)null)));
    }

    [Test]
    public void ATemporaryFailureStaysASoftbounce()
    {
        var outcome = ReplyClassification.Apply(Rules, null, Reply(EventTypes.SoftBounce, "TransientFailure", 451, "4.7.650", "451 4.7.650 rate limited"));
        Assert.That((outcome.Type, outcome.Retry, outcome.Smtp!.Hint), Is.EqualTo((EventTypes.SoftBounce, true, "slow down")));
    }

    [Test]
    public void AProvidersRuleDoesNotMatchAnotherHostsReply()
    {
        var reply = Reply(EventTypes.HardBounce, "Other", 550, "5.7.1", "550 5.7.1 (S3150)");
        Assert.That(ReplyClassification.Apply(Rules, null, reply), Is.SameAs(reply));
    }

    [Test]
    public void ADeliveryIsNeverClassified()
    {
        var delivered = Reply(EventTypes.Ok, null!, 250, "2.0.0", "250 2.0.0 Ok (S3150)");
        Assert.That(ReplyClassification.Apply(Rules, "outlook", delivered), Is.SameAs(delivered));
    }

    [Test]
    public void NothingIsAllocatedWhenNoRuleMatches()
    {
        var reply = Reply(EventTypes.SoftBounce, "TransientFailure", 421, "4.4.2", "421 4.4.2 connection dropped");
        ReplyClassification.Apply(Rules, "outlook", reply); // warm up the regex runners
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            ReplyClassification.Apply(Rules, "outlook", reply);
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }
}
