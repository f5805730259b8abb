using SendGateway.Server.Bounces;

namespace SendGateway.Server.Tests;

[TestFixture]
public sealed class BounceClassifierTests
{
    [TestCase(250, "2.0.0", "Ok", "ok", null)]
    [TestCase(451, "4.3.0", "Try again later", "softbounce", "TransientFailure")]
    [TestCase(452, "4.2.2", "Mailbox full", "softbounce", "MailboxFull")]
    [TestCase(421, "4.4.2", "Connection dropped", "softbounce", "BadConnection")]
    [TestCase(450, "4.7.1", "Greylisted", "softbounce", "PolicyRelated")]
    [TestCase(550, "5.1.1", "No such user", "hardbounce", "InvalidRecipient")]
    [TestCase(550, null, "mailbox unavailable", "hardbounce", "InvalidRecipient")]
    [TestCase(550, "5.1.10", "Null MX", "hardbounce", "BadDomain")]
    [TestCase(550, "5.2.1", "Account disabled", "hardbounce", "InactiveMailbox")]
    [TestCase(552, "5.3.4", "Message too big", "hardbounce", "MessageTooLarge")]
    [TestCase(554, "5.7.1", "Rejected: listed on Spamhaus blocklist", "spambounce", "SpamBlock")]
    [TestCase(554, "5.7.1", "Message content looks like spam", "spambounce", "SpamContent")]
    [TestCase(550, "5.7.1", "Relay access denied", "hardbounce", "RelayDenied")]
    [TestCase(550, "5.7.26", "DMARC policy", "spambounce", "PolicyRelated")]
    [TestCase(554, "5.0.0", "Something else", "hardbounce", "Other")]
    public void ClassifiesReplies(int code, string? enhanced, string text, string type, string? bounceClass)
    {
        var (actualType, actualClass) = BounceClassifier.Classify(code, enhanced, text);
        Assert.That(actualType, Is.EqualTo(type));
        Assert.That(actualClass, Is.EqualTo(bounceClass));
    }

    [TestCase("5.1.1 No such user", "5.1.1")]
    [TestCase("4.4.2 timeout", "4.4.2")]
    [TestCase("5.1.10 null mx", "5.1.10")]
    [TestCase("No enhanced code", null)]
    [TestCase("6.1.1 nonsense", null)]
    public void FindsTheEnhancedCode(string text, string? expected) =>
        Assert.That(BounceClassifier.EnhancedCodeOf(text), Is.EqualTo(expected));
}
