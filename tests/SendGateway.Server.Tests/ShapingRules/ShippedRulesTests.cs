using SendGateway.Server.Delivery.Shaping.Rules;

namespace SendGateway.Server.Tests.ShapingRules;

/// <summary>The shipped rules file: it loads, names the providers the product promises, and its rules say what they should.</summary>
[TestFixture]
public sealed class ShippedRulesTests
{
    private static readonly ShapingRuleSet Shipped = ShapingRulesLoader.Merge(ShapingRulesLoader.Shipped(new ShapingRulesOptions()), null, new ShapingRulesOptions());

    [Test]
    public void TheShippedFileLoadsWithAVersion()
    {
        Assert.That(Shipped.Version, Does.Match(@"^\d{4}\.\d+\.\d+$"));
        Assert.That(Shipped.Providers, Has.Count.GreaterThanOrEqualTo(11));
    }

    [TestCase("gmail-smtp-in.l.google.com", "google")]
    [TestCase("ALT1.ASPMX.L.GOOGLE.COM.", "google")]
    [TestCase("mta5.am0.yahoodns.net", "yahoo")]
    [TestCase("mx-aol.mail.gm0.yahoodns.net", "yahoo")]
    [TestCase("hotmail-com.olc.protection.outlook.com", "outlook")]
    [TestCase("contoso-com.mail.protection.outlook.com", "office365")]
    [TestCase("contoso-com.b-v1.mx.microsoft", "office365")]
    [TestCase("mx01.mail.icloud.com", "apple")]
    [TestCase("mx00.emig.gmx.net", "gmx")]
    [TestCase("mx-ha03.web.de", "gmx")]
    [TestCase("smtp-in.orange.fr", "orange")]
    [TestCase("mx.wp.pl", "wp")]
    [TestCase("mx.o2.pl", "o2")]
    [TestCase("mx.poczta.onet.pl", "onet")]
    [TestCase("mx.poczta.interia.pl", "interia")]
    [TestCase("mx.example.com", null)]
    [TestCase("notgoogle.com", null)]
    public void TheProvidersAreKnownByTheirMxHosts(string mx, string? provider) =>
        Assert.That(Shipped.ProviderOf(mx)?.Name, Is.EqualTo(provider));

    [TestCase("yahoo", 421, "4.7.0", "421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred due to unexpected volume or user complaints", "yahoo-tss04", "Suspend")]
    [TestCase("google", 421, "4.7.28", "421 4.7.28 Our system has detected an unusual rate of unsolicited mail originating from your IP address", "google-4.7.28", "Throttle")]
    [TestCase("google", 550, "5.7.26", "550 5.7.26 This mail has been blocked because the sender is unauthenticated.", "google-5.7.26", "Classify")]
    [TestCase("outlook", 451, "4.7.650", "451 4.7.650 The mail server [192.0.2.1] has been temporarily rate limited due to IP reputation.", "outlook-4.7.650", "Throttle")]
    [TestCase("outlook", 550, "5.7.515", "550 5.7.515 Access denied, sending domain [example.com] does not meet the required authentication level.", "microsoft-5.7.515", "Classify")]
    [TestCase(null, 550, "5.7.515", "550 5.7.515 Access denied, sending domain [example.com] does not meet the required authentication level.", "microsoft-5.7.515", "Classify")]
    [TestCase("yahoo", 550, "5.7.9", "550 5.7.9 This mail has been blocked because the sender is unauthenticated.", "yahoo-5.7.9", "Classify")]
    [TestCase(null, 550, "5.7.23", "550 5.7.23 SPF validation failed", "rfc7372-spf", "Classify")]
    public void TheProvidersRepliesMatchTheirRules(string? provider, int code, string enhanced, string text, string rule, string action)
    {
        var match = Shipped.Match(provider, code, enhanced, text);
        Assert.That(match?.Name, Is.EqualTo(rule));
        Assert.That(match!.Action, Is.EqualTo(Enum.Parse<ReplyAction>(action)));
        Assert.That(match.Hint, Is.Not.Null.And.Not.Empty);
    }

    [Test]
    public void AYahooDeferralWithoutTss04IsNotSuspended() =>
        Assert.That(Shipped.Match("yahoo", 421, "4.7.0", "421 4.7.0 [TS01] Messages from 192.0.2.1 temporarily deferred")?.Action, Is.Not.EqualTo(ReplyAction.Suspend));

    [Test]
    public void AnOrdinaryReplyMatchesNoRule() =>
        Assert.That(Shipped.Match("google", 550, "5.1.1", "550 5.1.1 The email account that you tried to reach does not exist."), Is.Null);
}
