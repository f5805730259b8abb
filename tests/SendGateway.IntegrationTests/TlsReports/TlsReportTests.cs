using System.Text.RegularExpressions;
using MimeKit;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.TlsReports;

/// <summary>
/// The daily TLS reports (RFC 8460): sessions recorded through the sink delivery calls are reported the next UTC day,
/// after midnight on the service's clock, to the destinations of the domain's <c>_smtp._tls</c> record: by mail to a
/// real test MX (multipart/report, DKIM-signed by delivery, the gzip part decoding to a schema-valid JSON whose counts
/// are the sessions recorded) and by an https POST; a domain without a single valid record gets none.
/// </summary>
[TestFixture]
public sealed partial class TlsReportTests : TlsReportFixture
{
    [Test]
    public async Task AMailtoReportArrivesAsMultipartReportSignedWithTheGzippedJsonAndCountsMatchTheSessions()
    {
        var domain = NewDomain("rua-mail");
        var to = $"tlsrpt-{Guid.NewGuid():N}@mx-ok.test";
        TestEnvironment.Dns.AddTxt($"_smtp._tls.{domain}", $"v=TLSRPTv1; rua=mailto:{to}");
        var day = Today;
        await RecordAsync(domain, Sessions(domain));
        PassMidnight();

        var received = await Polling.UntilAsync(() => Task.FromResult(TestEnvironment.Mx1.For(to).ToList()), m => m.Count > 0, TimeSpan.FromSeconds(90));
        Assert.That(received, Has.Count.EqualTo(1), "the report reached the MX");
        var mail = received[0].Parse();
        var reportId = $"{day:yyyy-MM-dd}_{domain}";
        Assert.Multiple(() =>
        {
            Assert.That(mail.From.Mailboxes.Single().Address, Is.EqualTo($"tls-reports@{SenderDomain}"));
            Assert.That(mail.Subject, Is.EqualTo($"Report Domain: {domain} Submitter: {SenderDomain} Report-ID: <{reportId}>"));
            Assert.That(mail.Headers["TLS-Report-Domain"], Is.EqualTo(domain));
            Assert.That(mail.Headers["TLS-Report-Submitter"], Is.EqualTo(SenderDomain));
            Assert.That(mail.Headers[HeaderId.DkimSignature], Does.Contain($"d={SenderDomain}"), "signed by delivery with the sender domain's key");
            Assert.That(mail.Body!.ContentType.MimeType, Is.EqualTo("multipart/report"));
            Assert.That(mail.Body.ContentType.Parameters["report-type"], Is.EqualTo("tlsrpt"));
        });
        var parts = ((Multipart)mail.Body!).ToList();
        Assert.That(parts.Select(p => p.ContentType.MimeType), Is.EqualTo(new[] { "text/plain", "application/tlsrpt+gzip" }));
        var gzipPart = (MimePart)parts[1];
        var begin = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeSeconds();
        Assert.That(gzipPart.FileName, Is.EqualTo($"{SenderDomain}!{domain}!{begin}!{begin + 86399}!{reportId}.json.gz"));
        using var gzip = new MemoryStream();
        await gzipPart.Content!.DecodeToAsync(gzip);

        var report = DecodeAndValidate(gzip.ToArray());
        Assert.That(report.GetProperty("report-id").GetString(), Is.EqualTo(reportId));
        Assert.That(report.GetProperty("date-range").GetProperty("start-datetime").GetString(), Is.EqualTo($"{day:yyyy-MM-dd}T00:00:00Z"));
        Assert.That(report.GetProperty("date-range").GetProperty("end-datetime").GetString(), Is.EqualTo($"{day:yyyy-MM-dd}T23:59:59Z"));
        Assert.That(report.GetProperty("organization-name").GetString(), Is.EqualTo("SendGateway tests"));
        AssertCounts(report, domain);
        Assert.That(await ClaimStateAsync(day, domain), Is.EqualTo("sent"));
    }

    [Test]
    public async Task AnHttpsReportIsPostedGzippedToTheDestination()
    {
        var domain = NewDomain("rua-https");
        var path = $"reports/{Guid.NewGuid():N}";
        TestEnvironment.Dns.AddTxt($"_smtp._tls.{domain}", $"v=TLSRPTv1;rua={Receiver.UrlFor(path)}");
        await RecordAsync(domain, Sessions(domain));
        PassMidnight();

        var requests = await Polling.UntilAsync(
            () => Task.FromResult(Receiver.Requests.Where(r => r.RequestLine.Contains(path, StringComparison.Ordinal)).ToList()), r => r.Count > 0, TimeSpan.FromSeconds(60));
        Assert.That(requests, Has.Count.EqualTo(1));
        Assert.That(requests[0].RequestLine, Does.StartWith($"POST /{path} "));
        Assert.That(requests[0].Headers["content-type"], Is.EqualTo("application/tlsrpt+gzip"));
        var report = DecodeAndValidate(requests[0].Body);
        AssertCounts(report, domain);
    }

    [TestCase("no record")]
    [TestCase("two records")]
    [TestCase("no version")]
    public async Task ADomainWithoutExactlyOneTlsRptRecordGetsNoReport(string record)
    {
        var domain = NewDomain("rua-none");
        var to = $"tlsrpt-{Guid.NewGuid():N}@mx-ok.test";
        switch (record)
        {
            case "two records": // RFC 8460 §3: unless exactly one record is left, the domain has none
                TestEnvironment.Dns.AddTxt($"_smtp._tls.{domain}", $"v=TLSRPTv1; rua=mailto:{to}");
                TestEnvironment.Dns.AddTxt($"_smtp._tls.{domain}", $"v=TLSRPTv1; rua=mailto:{to}");
                break;
            case "no version":
                TestEnvironment.Dns.AddTxt($"_smtp._tls.{domain}", $"rua=mailto:{to}");
                break;
        }

        var day = Today;
        await RecordAsync(domain, Sessions(domain));
        PassMidnight();

        var state = await Polling.UntilAsync(() => ClaimStateAsync(day, domain), s => s is not null && s != "retry" && !s.StartsWith("claim:", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        Assert.That(state, Is.EqualTo("no-record"), "the job looked and settled the domain");
        Assert.That(Logs.Lines.Where(l => l.Contains(domain, StringComparison.Ordinal) && l.Contains("sent by", StringComparison.Ordinal)), Is.Empty);
        Assert.That(TestEnvironment.Mx1.For(to), Is.Empty, "no report was mailed");
    }

    [Test]
    public async Task TwoNodesAtMidnightSendTheReportOnce()
    {
        using var secondLogs = new CapturingLoggerProvider();
        await using var second = new SendGatewayFactory("events", Settings, Factory.RedisDatabase, Factory.PostgresDatabase, secondLogs, Clock);
        _ = second.Services;
        var domain = NewDomain("rua-once");
        var to = $"tlsrpt-{Guid.NewGuid():N}@mx-ok.test";
        TestEnvironment.Dns.AddTxt($"_smtp._tls.{domain}", $"v=TLSRPTv1; rua=mailto:{to}");
        await RecordAsync(domain, Sessions(domain));
        PassMidnight();

        // Both nodes have handled the domain: one sent it, the other found it settled (or sent it too, which fails below).
        var lines = await Polling.UntilAsync(
            () => Task.FromResult((Logs.Lines.Where(l => l.Contains(domain, StringComparison.Ordinal)).ToList(), secondLogs.Lines.Where(l => l.Contains(domain, StringComparison.Ordinal)).ToList())),
            l => Handled(l.Item1) && Handled(l.Item2), TimeSpan.FromSeconds(60));
        var sent = lines.Item1.Concat(lines.Item2).Count(l => l.Contains("sent by mailto", StringComparison.Ordinal));
        Assert.That(sent, Is.EqualTo(1), string.Join("\n", lines.Item1.Concat(lines.Item2)));
        var received = await Polling.UntilAsync(() => Task.FromResult(TestEnvironment.Mx1.For(to).ToList()), m => m.Count > 0, TimeSpan.FromSeconds(90));
        Assert.That(received, Has.Count.EqualTo(1), "one report reached the MX");
    }

    private static bool Handled(List<string> lines) => lines.Any(l => SentOrSettled().IsMatch(l));

    [GeneratedRegex("sent by mailto|settled \\(sent\\) by another node")]
    private static partial Regex SentOrSettled();
}
