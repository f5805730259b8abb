using SendGateway.Server.Delivery.Shaping.Rules;

namespace SendGateway.Server.Tests.ShapingRules;

/// <summary>
/// A rules file with a problem is refused with one error naming the file and the line of the problem (YamlDotNet's marks):
/// each case below puts its problem on a line of its own and expects that line.
/// </summary>
[TestFixture]
public sealed class RulesFileValidationTests
{
    private static readonly ShapingRulesOptions Options = new() { MaxProviders = 3, MaxRules = 3, MaxHintLength = 32 };

    private const string Head = """
        version: "1"
        providers:
          - name: yahoo
            mx: ["*.yahoodns.net"]
        rules:
          - name: first
            code: 421
            action: classify

        """;

    // The head is 8 lines: each case starts on line 9.
    [TestCase("  - name: r\n    code: 421\n    action: classify\n    colour: red", 12, "unknown key 'colour'")]
    [TestCase("  - name: r\n    code: four\n    action: classify", 10, "code must be a whole number")]
    [TestCase("  - name: r\n    code: 999\n    action: classify", 10, "code must be a whole number from 200 to 599")]
    [TestCase("  - name: r\n    code: [421]\n    action: classify", 10, "code must be a whole number")]
    [TestCase("  - name: r\n    enhanced_code: \"4.7\"\n    action: classify", 10, "enhanced_code '4.7'")]
    [TestCase("  - name: r\n    text: '[unclosed'\n    action: classify", 10, "not a valid regular expression")]
    [TestCase("  - name: r\n    code: 421\n    action: suspend\n    duration: 5w", 12, "duration must be a number followed by s, m, h or d")]
    [TestCase("  - name: r\n    code: 421\n    action: suspend\n    duration: 0s", 12, "duration must be more than 0")]
    [TestCase("  - name: r\n    code: 421\n    action: suspend\n    duration: 31d", 12, "MaxActionDuration")]
    [TestCase("  - name: r\n    code: 421\n    action: suspend", 9, "needs a 'duration'")]
    [TestCase("  - name: r\n    code: 421\n    action: throttle\n    duration: 1h", 9, "throttle rule needs a 'limit'")]
    [TestCase("  - name: r\n    code: 421\n    action: pause", 11, "action 'pause' must be classify, throttle or suspend")]
    [TestCase("  - name: r\n    code: 421\n    action: classify\n    duration: 1h", 12, "a classify rule takes no duration")]
    [TestCase("  - name: r\n    code: 421\n    action: suspend\n    duration: 1h\n    limit: 3", 13, "a suspend rule takes no limit")]
    [TestCase("  - name: two words\n    code: 421\n    action: classify", 9, "rule name 'two words'")]
    [TestCase("  - name: r\n    code: 421\n    action: classify\n    hint: \"0123456789012345678901234567890123456789\"", 12, "hint is longer than 32 characters (MaxHintLength)")]
    [TestCase("  - name: first\n    code: 421\n    action: classify", 9, "rule 'first' is defined twice")]
    [TestCase("  - name: r\n    provider: gmail\n    code: 421\n    action: classify", 9, "names provider 'gmail', which no rules file defines")]
    [TestCase("  - name: r\n    code: 421\n    action: classify\n    bounce_class: Spammy", 12, "bounce_class 'Spammy'")]
    [TestCase("  - name: r\n    action: classify", 9, "matches every reply")]
    [TestCase("  - name: r\n    code: 421\n  action: classify", 11, "not valid YAML")]
    [TestCase("  - name: r2\n    code: 421\n    action: classify\n  - name: r3\n    code: 421\n    action: classify\n  - name: r4\n    code: 421\n    action: classify", 15, "more than 3 rules (MaxRules)")]
    public void ARuleProblemIsRefusedNamingItsLine(string rule, int line, string problem) =>
        AssertRefused(Head + rule + "\n", line, problem, rule);

    [TestCase("providers:\n  - name: Yahoo\n    mx: [\"*.yahoo.com\"]", 3, "provider name 'Yahoo'")]
    [TestCase("providers:\n  - name: a\n    mx: [\"*.a.test\"]\n  - name: a\n    mx: [\"*.b.test\"]", 5, "provider 'a' is defined twice")]
    [TestCase("providers:\n  - name: a\n    mx: [\"mx.*.test\"]", 4, "mx pattern 'mx.*.test'")]
    [TestCase("providers:\n  - name: a\n    mx: \"*.a.test\"", 4, "mx must be a list")]
    [TestCase("providers:\n  - name: a\n    mx: []", 4, "has no 'mx' patterns")]
    [TestCase("providers:\n  - name: a\n    mx: [\"*.a.test\"]\n    limits: { connections: -1 }", 5, "connections must be a whole number")]
    [TestCase("providers:\n  - name: a\n    mx: [\"*.a.test\"]\n    limits: { sessions: 1 }", 5, "unknown key 'sessions'")]
    [TestCase("providers:\n  - name: a\n    mx: [\"*.a.test\"]\n    weight: 1", 5, "unknown key 'weight'")]
    [TestCase("providers:\n  - name: a\n    mx: [\"*.a.test\"]\n  - name: b\n    mx: [\"*.b.test\"]\n  - name: c\n    mx: [\"*.c.test\"]\n  - name: d\n    mx: [\"*.d.test\"]", 9, "more than 3 providers (MaxProviders)")]
    [TestCase("colour: red", 2, "unknown key 'colour' in the file")]
    public void AProviderOrTopLevelProblemIsRefusedNamingItsLine(string body, int line, string problem) =>
        AssertRefused("version: \"1\"\n" + body + "\n", line, problem, body);

    [Test]
    public void AFileWithoutVersionIsRefused() =>
        AssertRefused("providers: []\n", 1, "no 'version'", "no version");

    [Test]
    public void AFileLargerThanTheLimitIsRefusedNamingTheLineWhereTheLimitFalls()
    {
        var path = Path.Combine(Path.GetTempPath(), $"shaping-{Guid.NewGuid():N}.yaml");
        var line = "# " + new string('x', 97) + "\n"; // 100 bytes a line
        File.WriteAllText(path, "version: \"1\"\n" + string.Concat(Enumerable.Repeat(line, 20)));
        try
        {
            var e = Assert.Throws<ShapingRulesException>(() => ShapingRulesLoader.Read(path, new ShapingRulesOptions { MaxFileBytes = 1024 }))!;
            Assert.That((e.File, e.Line), Is.EqualTo((path, 12)), e.Message); // 13 bytes + 10 lines of 100: byte 1024 is on line 12
            Assert.That(e.Message, Does.Contain("MaxFileBytes"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static void AssertRefused(string yaml, int line, string problem, string label)
    {
        var e = Assert.Throws<ShapingRulesException>(() =>
            ShapingRulesLoader.Merge(ShapingRulesFile.Parse("/etc/sendgateway/rules.yaml", yaml, Options), null, Options), label)!;
        Assert.That(e.Message, Does.StartWith($"Shaping rules file /etc/sendgateway/rules.yaml, line {line}: "), yaml);
        Assert.That(e.Message, Does.Contain(problem), yaml);
    }
}
