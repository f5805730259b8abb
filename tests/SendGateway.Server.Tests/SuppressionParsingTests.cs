using Microsoft.Extensions.Options;
using SendGateway.Server.Suppressions;

namespace SendGateway.Server.Tests;

[TestFixture]
public sealed class SuppressionParsingTests
{
    [TestCase("Ann@Example.TEST", "ann@example.test")]
    [TestCase(" @Example.test ", "@example.test")]
    [TestCase("not an address", null)]
    [TestCase("@", null)]
    [TestCase("@-bad-.test", null)]
    [TestCase("a@b.test\r\nBcc: x@y.test", null)]
    public void EntriesAreNormalisedToLowerCaseAddressesOrDomainKeys(string input, string? expected) =>
        Assert.That(SuppressionKeys.Normalize(input), Is.EqualTo(expected));

    [Test]
    public void AnAddressIsBlockedByItselfAndByItsDomain() =>
        Assert.That(SuppressionKeys.Candidates("Ann@example.test"), Is.EqualTo(new[] { "ann@example.test", "@example.test" }));

    [Test]
    public void CsvLinesParseWithQuotesDefaultReasonAndExpiry()
    {
        Assert.That(SuppressionCsv.TryParse("a b@x.test", out _), Does.Contain("not an email"));
        Assert.That(SuppressionCsv.TryParse("ann@x.test", out var plain), Is.Null);
        Assert.That(plain, Is.EqualTo(("ann@x.test", "manual", (DateTimeOffset?)null)));
        Assert.That(SuppressionCsv.TryParse("\"Bob@X.test\",Unsubscribe,2030-01-01T00:00:00Z", out var full), Is.Null);
        Assert.That(full, Is.EqualTo(("bob@x.test", "unsubscribe", (DateTimeOffset?)new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero))));
        Assert.That(SuppressionCsv.TryParse("ann@x.test,manual,2026-01-01T00:00:00.000Z,2031-05-01T00:00:00.000Z", out var exported), Is.Null, "an export line imports again");
        Assert.That(exported.ExpiresAt?.Year, Is.EqualTo(2031));
        Assert.That(SuppressionCsv.TryParse("ann@x.test,angry", out _), Does.Contain("reason"));
        Assert.That(SuppressionCsv.TryParse("\"ann@x.test,manual", out _), Does.Contain("quotes"));
        Assert.That(SuppressionCsv.TryParse("a@x.test,manual,x,y,z,1,2,3,4,5", out _), Does.Contain("fields"));
        Assert.That(SuppressionCsv.IsHeader("\uFEFFEmail,Reason"), Is.True);
    }

    [Test]
    public void ExportQuotesFieldsThatNeedIt()
    {
        var line = SuppressionCsv.Format(new Suppression { Email = "\"a,b\"@x.test", Reason = "manual", CreatedAt = new DateTime(2026, 11, 22, 10, 0, 0, DateTimeKind.Utc) });
        Assert.That(line, Is.EqualTo("\"\"\"a,b\"\"@x.test\",manual,2026-11-22T10:00:00.000Z,"));
    }

    [TestCase("=hyperlink(\"x\")@evil.test", "\"'=hyperlink(\"\"x\"\")@evil.test\"")]
    [TestCase("+1@x.test", "'+1@x.test")]
    [TestCase("-2@x.test", "'-2@x.test")]
    [TestCase("@example.test", "'@example.test")]
    [TestCase("\tcmd@x.test", "'\tcmd@x.test")]
    [TestCase("\rcmd@x.test", "\"'\rcmd@x.test\"")]
    [TestCase("'quote@x.test", "''quote@x.test")]
    [TestCase("ann@x.test", "ann@x.test")]
    public void ExportDefusesCellsASpreadsheetWouldRunAsFormulas(string email, string cell)
    {
        var line = SuppressionCsv.Format(new Suppression { Email = email, Reason = "manual", CreatedAt = new DateTime(2026, 11, 22, 10, 0, 0, DateTimeKind.Utc) });
        Assert.That(line, Is.EqualTo($"{cell},manual,2026-11-22T10:00:00.000Z,"));
    }

    [TestCase("@example.test")]
    [TestCase("-2@x.test")]
    [TestCase("'quote@x.test")]
    public void ADefusedExportLineImportsAsTheSameEntry(string email)
    {
        var line = SuppressionCsv.Format(new Suppression { Email = email, Reason = "manual", CreatedAt = DateTime.UtcNow });
        Assert.That(SuppressionCsv.TryParse(line, out var entry), Is.Null);
        Assert.That(entry.Email, Is.EqualTo(email));
    }

    [Test]
    public void DisposableDomainsMatchSubdomainsButNotLookalikes()
    {
        var list = new DisposableDomains(Options.Create(new SuppressionsOptions()));
        Assert.That(list.Count, Is.GreaterThan(50));
        Assert.That(list.IsDisposable("mailinator.com"), Is.True);
        Assert.That(list.IsDisposable("eu.yopmail.com"), Is.True);
        Assert.That(list.IsDisposable("notmailinator.com"), Is.False);
        Assert.That(list.IsDisposable("com"), Is.False);
        Assert.That(list.IsDisposable("example.test"), Is.False);
    }
}
