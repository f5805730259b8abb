using SendGateway.Server.Delivery.TlsPolicy.MtaSts;

namespace SendGateway.Server.Tests.MtaSts;

/// <summary>
/// MTA-STS (RFC 8461): the <c>_mta-sts</c> TXT record's id (§3.1), the policy file (§3.2) and the MX patterns (§4.1, with
/// KumoMTA's name-matching cases).
/// </summary>
[TestFixture]
public sealed class MtaStsParsingTests
{
    private static readonly MtaStsOptions Options = new();

    [TestCase(new[] { "v=STSv1; id=20160831085700Z;" }, "20160831085700Z")]
    [TestCase(new[] { "v=STSv1;id=abc123" }, "abc123")]
    [TestCase(new[] { "v=STSv1 ; id=abc ; ext=x" }, "abc")]
    [TestCase(new[] { "v=spf1 -all", "v=STSv1; id=one" }, "one")]
    [TestCase(new[] { "v=STSv1; id=one", "v=STSv1; id=two" }, null)]
    [TestCase(new[] { "v=STSv1; id=" }, null)]
    [TestCase(new[] { "v=STSv1; id=123456789012345678901234567890123" }, null)]
    [TestCase(new[] { "v=STSv1; id=12345678901234567890123456789012" }, "12345678901234567890123456789012")]
    [TestCase(new[] { "v=STSv1; id=with-hyphen" }, null)]
    [TestCase(new[] { "v=STSv1; version=x" }, null)]
    [TestCase(new[] { "v=STSv1" }, null)]
    [TestCase(new[] { "v=STSv2; id=abc" }, null)]
    [TestCase(new[] { " v=STSv1; id=abc" }, null)]
    [TestCase(new string[0], null)]
    public void TheTxtRecordGivesTheIdOfExactlyOneStsRecord(string[] records, string? id) =>
        Assert.That(MtaStsTxt.IdOf(records), Is.EqualTo(id));

    [Test]
    public void APolicyIsParsedWithCrlfOrLfWhitespaceAndUnknownKeys()
    {
        const string text = "version: STSv1 \nmode: enforce\nmx: mail.example.com\r\nmx:\t*.example.net\nmx: BackupMX.example.com.\nfuture: thing\nmax_age: 604800\r\n";
        var (policy, error) = MtaStsPolicyParser.Parse(text, "id1", Options);
        Assert.That(error, Is.Null);
        Assert.That(policy!.Mode, Is.EqualTo(MtaStsMode.Enforce));
        Assert.That(policy.Mx, Is.EqualTo(new[] { "mail.example.com", "*.example.net", "backupmx.example.com" }));
        Assert.That(policy.MaxAge, Is.EqualTo(TimeSpan.FromSeconds(604800)));
        Assert.That((policy.Id, policy.Text), Is.EqualTo(("id1", text)));
    }

    [TestCase("version: STSv1\nmode: testing\nmx: mx.example.com\nmax_age: 99999999999", null, Description = "11 digits")]
    [TestCase("version: STSv1\nmode: testing\nmx: mx.example.com\nmax_age: 9999999999", 31_557_600L)]
    [TestCase("version: STSv1\nmode: testing\nmx: mx.example.com\nmax_age: 86400", 86400L)]
    [TestCase("version: STSv1\nmode: testing\nmx: mx.example.com\nmax_age: 0", 0L)]
    public void MaxAgeIsCappedAtTheRfcLimit(string text, long? seconds)
    {
        var (policy, _) = MtaStsPolicyParser.Parse(text, "id", Options);
        Assert.That(policy?.MaxAge.TotalSeconds, Is.EqualTo(seconds));
    }

    [TestCase("mode: enforce\nmx: mx.example.com\nmax_age: 60", Description = "no version")]
    [TestCase("version: STSv2\nmode: enforce\nmx: mx.example.com\nmax_age: 60")]
    [TestCase("version: stsv1\nmode: enforce\nmx: mx.example.com\nmax_age: 60")]
    [TestCase("version: STSv1\nmode: enforcing\nmx: mx.example.com\nmax_age: 60")]
    [TestCase("version: STSv1\nmode: enforce\nmax_age: 60", Description = "no mx")]
    [TestCase("version: STSv1\nmode: enforce\nmx: mx.example.com", Description = "no max_age")]
    [TestCase("version: STSv1\nmode: enforce\nmx: mx.example.com\nmax_age: -1")]
    [TestCase("version: STSv1\nmode: enforce\nmx: mx example com\nmax_age: 60")]
    [TestCase("version: STSv1\nmode: enforce\nmx: a.*.example.com\nmax_age: 60")]
    [TestCase("version: STSv1\nmode: enforce\njust text\nmax_age: 60")]
    [TestCase("<html>not a policy</html>")]
    public void AnInvalidPolicyIsRefused(string text)
    {
        var (policy, error) = MtaStsPolicyParser.Parse(text, "id", Options);
        Assert.That(policy, Is.Null);
        Assert.That(error, Is.Not.Null);
    }

    [Test]
    public void ModeNoneNeedsNoMx()
    {
        var (policy, error) = MtaStsPolicyParser.Parse("version: STSv1\nmode: none\nmax_age: 86400\n", "id", Options);
        Assert.That((policy?.Mode, error), Is.EqualTo(((MtaStsMode?)MtaStsMode.None, (string?)null)));
    }

    [Test]
    public void LineCountLineLengthAndMxCountAreBounded()
    {
        var options = new MtaStsOptions { MaxPolicyLines = 10, MaxPolicyLineLength = 100, MaxMxPatterns = 2 };
        const string head = "version: STSv1\nmode: enforce\nmax_age: 60\n";
        Assert.That(MtaStsPolicyParser.Parse(head + "mx: a.example.com\nmx: b.example.com\n", "id", options).Policy, Is.Not.Null);
        Assert.That(MtaStsPolicyParser.Parse(head + "mx: a.example.com\nmx: b.example.com\nmx: c.example.com\n", "id", options).Error, Does.Contain("mx patterns"));
        Assert.That(MtaStsPolicyParser.Parse(head + "mx: a.example.com\n" + new string('\n', 10), "id", options).Error, Does.Contain("lines"));
        Assert.That(MtaStsPolicyParser.Parse(head + "mx: a.example.com\nx: " + new string('y', 100) + "\n", "id", options).Error, Does.Contain("longer"));
    }

    // KumoMTA's name_matching cases (crates/mta-sts/src/policy.rs), plus case and trailing dots.
    [TestCase("foo.com", "foo.com", true)]
    [TestCase("foo.com.", "foo.com", true)]
    [TestCase("bar.com", "foo.com", false)]
    [TestCase("foo.com", "*.com", true)]
    [TestCase("mx.example.com", "*.example.com", true)]
    [TestCase("not.mx.example.com", "*.example.com", false)]
    [TestCase("example.com", "*.example.com", false)]
    [TestCase("MX1.Example.COM", "mx1.example.com", true)]
    [TestCase("mx1.example.com", "MX1.EXAMPLE.COM.", true)]
    [TestCase("mx.example.com.", "*.example.com.", true)]
    [TestCase("xexample.com", "*.example.com", false)]
    public void MxPatternsMatchLikeRfc8461(string host, string pattern, bool matches)
    {
        var policy = new MtaStsPolicy(MtaStsMode.Enforce, [pattern], TimeSpan.FromDays(1), "id", string.Empty);
        Assert.That(policy.AllowsMx(host), Is.EqualTo(matches));
    }
}
