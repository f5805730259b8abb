using SendGateway.Server.Delivery.Shaping.Rules;

namespace SendGateway.Server.Tests.ShapingRules;

/// <summary>
/// The operator's file over the shipped one: its providers replace shipped ones of the same name and come first, its
/// rules come before the shipped ones and replace those of the same name; durations, limits and MX matching as written.
/// </summary>
[TestFixture]
public sealed class RulesMergeTests
{
    private static readonly ShapingRulesOptions Options = new();

    private static readonly ShapingRulesFile Shipped = ShapingRulesFile.Parse("shipped", """
        version: "2026.12.1"
        providers:
          - name: yahoo
            mx: ["*.yahoodns.net"]
            limits: { connections: 5, messages_per_connection: 20 }
          - name: google
            mx: ["*.google.com"]
        rules:
          - name: yahoo-tss04
            provider: yahoo
            text: '\[TSS04\]'
            action: suspend
            duration: 2h
          - name: auth
            enhanced_code: "5.7.26"
            action: classify
            hint: shipped hint
        """, Options);

    private static ShapingRuleSet Merge(string operatorYaml) =>
        ShapingRulesLoader.Merge(Shipped, ShapingRulesFile.Parse("operator.yaml", operatorYaml, Options), Options);

    [Test]
    public void TheOperatorsProviderOfTheSameNameReplacesTheShippedOneAndOthersAreAddedFirst()
    {
        var rules = Merge("""
            version: "7"
            providers:
              - name: yahoo
                mx: ["*.yahoo.test"]
                limits: { messages_per_connection: 1 }
              - name: corp
                mx: ["mx.corp.test"]
            """);

        Assert.That(rules.Providers.Select(p => p.Name), Is.EqualTo(new[] { "yahoo", "corp", "google" }));
        Assert.That(rules.ProviderOf("mta5.am0.yahoodns.net"), Is.Null, "the shipped yahoo patterns are gone with it");
        Assert.That(rules.ProviderOf("mx1.yahoo.test")!.Limits, Is.EqualTo(new ProviderLimits(0, 1, 0)));
        Assert.That(rules.ProviderOf("MX.CORP.TEST.")?.Name, Is.EqualTo("corp"));
        Assert.That(rules.Version, Is.EqualTo("2026.12.1, operator 7"));
    }

    [Test]
    public void TheOperatorsRulesComeFirstAndReplaceShippedOnesOfTheSameName()
    {
        var rules = Merge("""
            version: "7"
            rules:
              - name: auth
                enhanced_code: "5.7.26"
                action: classify
                hint: our hint
              - name: mine
                text: '\[TSS04\]'
                action: throttle
                duration: 15m
                limit: 3
            """);

        Assert.That(rules.Rules.Select(r => r.Name), Is.EqualTo(new[] { "auth", "mine", "yahoo-tss04" }));
        Assert.That(rules.Match(null, 550, "5.7.26", "550 5.7.26 unauthenticated")!.Hint, Is.EqualTo("our hint"));
        var first = rules.Match("yahoo", 421, "4.7.0", "421 4.7.0 [TSS04] deferred")!;
        Assert.That((first.Name, first.Action, first.Duration, first.ThrottlePerMinute), Is.EqualTo(("mine", ReplyAction.Throttle, TimeSpan.FromMinutes(15), 3)));
    }

    [Test]
    public void AnOperatorsRuleMayNameAShippedProvider()
    {
        var rules = Merge("""
            version: "7"
            rules:
              - name: google-slow
                provider: google
                code: 421
                action: suspend
                duration: 30s
            """);

        Assert.That(rules.Match("google", 421, null, "421 try later")!.Duration, Is.EqualTo(TimeSpan.FromSeconds(30)));
        Assert.That(rules.Match("yahoo", 421, null, "421 try later"), Is.Null, "a provider's rule is for that provider's replies only");
    }

    [Test]
    public void AnOperatorsRuleNamingAnUnknownProviderIsRefusedAtItsLineInTheOperatorsFile()
    {
        var e = Assert.Throws<ShapingRulesException>(() => Merge("""
            version: "7"
            rules:
              - name: a
                code: 421
                action: classify
              - name: b
                provider: hotmail
                code: 421
                action: classify
            """))!;
        Assert.That((e.File, e.Line), Is.EqualTo(("operator.yaml", 6)), e.Message);
    }

    [TestCase("30s", 30)]
    [TestCase("15m", 15 * 60)]
    [TestCase("1h", 3600)]
    [TestCase("1d", 86400)]
    [TestCase("7d", 7 * 86400)]
    public void DurationsAreANumberAndAUnit(string duration, int seconds)
    {
        var rules = Merge($"version: \"7\"\nrules:\n  - name: r\n    code: 421\n    action: suspend\n    duration: {duration}\n");
        Assert.That(rules.Rules[0].Duration, Is.EqualTo(TimeSpan.FromSeconds(seconds)));
    }

    [TestCase("mta5.am0.yahoodns.net", true)]
    [TestCase("MTA5.AM0.YAHOODNS.NET", true)]
    [TestCase("mta5.am0.yahoodns.net.", true)]
    [TestCase("yahoodns.net", false)]
    [TestCase("evilyahoodns.net", false)]
    [TestCase("yahoodns.net.example", false)]
    public void AWildcardPatternMatchesHostsUnderTheSuffixWhateverTheCaseAndTrailingDot(string host, bool matches) =>
        Assert.That(Merge("version: \"7\"\n").ProviderOf(host)?.Name == "yahoo", Is.EqualTo(matches));

    [TestCase("mx.corp.test", true)]
    [TestCase("Mx.Corp.Test.", true)]
    [TestCase("a.mx.corp.test", false)]
    public void AnExactPatternMatchesThatHostOnly(string host, bool matches) =>
        Assert.That(Merge("version: \"7\"\nproviders:\n  - name: corp\n    mx: [\"MX.corp.test.\"]\n").ProviderOf(host)?.Name == "corp", Is.EqualTo(matches));

    [Test]
    public void ATextPatternIsCaseInsensitive() =>
        Assert.That(Merge("version: \"7\"\n").Match("yahoo", 421, null, "421 [tss04] deferred")?.Name, Is.EqualTo("yahoo-tss04"));
}
