using SendGateway.Server.TlsReports;

namespace SendGateway.Server.Tests;

/// <summary>
/// A recipient domain's <c>_smtp._tls</c> TXT record as RFC 8460 §3 reads it: only records starting with the version
/// count, exactly one must be left, <c>rua</c> lists mailto and https destinations (others skipped, at most as many as
/// asked), and an overlong or destination-less record is invalid.
/// </summary>
public sealed class TlsRptRecordTests
{
    [TestCase("v=TLSRPTv1; rua=mailto:tls@example.org", "mailto:tls@example.org")]
    [TestCase("v=TLSRPTv1;rua=https://reports.example.org/tlsrpt", "https://reports.example.org/tlsrpt")]
    [TestCase("v=TLSRPTv1 ; rua=mailto:a@example.org , https://r.example.org/x ;", "mailto:a@example.org https://r.example.org/x")]
    [TestCase("v=TLSRPTv1; ext=1; rua=mailto:tls%2Breports@example.org?subject=x,ftp://x.example.org/", "mailto:tls+reports@example.org")]
    [TestCase("v=TLSRPTv1; rua=http://plain.example.org/, mailto:a@example.org", "mailto:a@example.org")]
    public void ARecordGivesItsMailtoAndHttpsDestinations(string text, string expected)
    {
        var (record, problem) = TlsRptRecord.Parse(["v=spf1 -all", text], maxDestinations: 5);
        Assert.That(problem, Is.Null);
        Assert.That(record!.MailTo.Select(m => "mailto:" + m).Concat(record.Https.Select(u => u.AbsoluteUri)), Is.EqualTo(expected.Split(' ')));
    }

    [TestCase(new string[0], "none")]
    [TestCase(new[] { "v=spf1 -all" }, "none")]
    [TestCase(new[] { "v=TLSRPTv1; rua=mailto:a@example.org", "v=TLSRPTv1; rua=mailto:b@example.org" }, "none")]
    [TestCase(new[] { "v=TLSRPTv10; rua=mailto:a@example.org" }, "none")]
    [TestCase(new[] { "v=TLSRPTv1; rua=ftp://x.example.org/" }, "invalid")]
    [TestCase(new[] { "v=TLSRPTv1; ruf=mailto:a@example.org" }, "invalid")]
    [TestCase(new[] { "v=TLSRPTv1; rua=mailto:a@example.org; rua=mailto:b@example.org" }, "invalid")]
    [TestCase(new[] { "v=TLSRPTv1; rua=mailto:not an address" }, "invalid")]
    public void WithoutExactlyOneUsableRecordTheDomainGetsNoReport(string[] texts, string problem)
    {
        var (record, found) = TlsRptRecord.Parse(texts, maxDestinations: 5);
        Assert.That(record, Is.Null);
        Assert.That(found, Is.EqualTo(problem));
    }

    [Test]
    public void AnOverlongRecordIsInvalidAndDestinationsAreBounded()
    {
        Assert.That(TlsRptRecord.Parse(["v=TLSRPTv1; rua=mailto:a@example.org" + new string(' ', TlsRptRecord.MaxRecordLength)], 5).Problem, Is.EqualTo("invalid"));
        var many = "v=TLSRPTv1; rua=" + string.Join(',', Enumerable.Range(0, 50).Select(i => $"mailto:r{i}@example.org"));
        Assert.That(TlsRptRecord.Parse([many], 3).Record!.MailTo, Is.EqualTo(new[] { "r0@example.org", "r1@example.org", "r2@example.org" }));
    }
}
