using System.Text;
using Microsoft.Extensions.Options;
using MimeKit;
using SendGateway.Server.Bounces;
using SendGateway.Server.Common;

namespace SendGateway.Server.Tests;

[TestFixture]
public sealed class BounceReportTests
{
    private static VerpAddresses Verp(string domain = "bounces.example.test") => new(
        new SecretBox(Options.Create(new SecretsOptions { MasterKey = Convert.ToBase64String(new byte[32]) })), Options.Create(new BounceOptions { Domain = domain }));

    private static MimeMessage Parse(string text) => MimeMessage.Load(new MemoryStream(Encoding.ASCII.GetBytes(text.ReplaceLineEndings("\r\n"))));

    private static string Dsn(string action, string status, string diagnostic) => $"""
        From: MAILER-DAEMON@mx.example.test (Mail Delivery System)
        To: b+x@bounces.example.test
        Subject: Undelivered Mail Returned to Sender
        MIME-Version: 1.0
        Content-Type: multipart/report; report-type=delivery-status; boundary="B"

        --B
        Content-Type: text/plain

        I'm sorry to have to inform you that your message could not be delivered.

        --B
        Content-Type: message/delivery-status

        Reporting-MTA: dns; mx.example.test
        Arrival-Date: Sun, 22 Nov 2026 10:00:00 +0000

        Final-Recipient: rfc822; ann@example.test
        Original-Recipient: rfc822;ann@example.test
        Action: {action}
        Status: {status}
        Remote-MTA: dns; mx2.example.test
        Diagnostic-Code: smtp; {diagnostic}

        --B
        Content-Type: text/rfc822-headers

        Subject: Hello

        --B--
        """;

    [Test]
    public void AVerpAddressRoundTripsCaseInsensitivelyAndRefusesForgeriesAndOtherDomains()
    {
        var verp = Verp();
        var id = Ids.New("msg");
        var address = verp.For(id);
        Assert.That(address, Does.Match("^b\\+[0-9a-z]{26}-[a-z2-7]{8}@bounces\\.example\\.test$"));
        Assert.That(address.IndexOf('@'), Is.LessThanOrEqualTo(64), "local part within RFC 5321's 64 octets");
        Assert.That(verp.MessageIdOf(address), Is.EqualTo(id));
        Assert.That(verp.MessageIdOf(address.ToUpperInvariant()), Is.EqualTo(id));
        var forged = address.Replace(address[30..38], "aaaaaaaa", StringComparison.Ordinal);
        Assert.That(verp.MessageIdOf(forged), Is.Null);
        Assert.That(verp.MessageIdOf(address.Replace("bounces.example.test", "other.test", StringComparison.Ordinal)), Is.Null);
        Assert.That(Verp("bounces.example.test").MessageIdOf("postmaster@bounces.example.test"), Is.Null);
        var otherKey = new VerpAddresses(new SecretBox(Options.Create(new SecretsOptions { MasterKey = Convert.ToBase64String(Enumerable.Repeat((byte)1, 32).ToArray()) })),
            Options.Create(new BounceOptions { Domain = "bounces.example.test" }));
        Assert.That(otherKey.MessageIdOf(address), Is.Null, "another installation's key does not validate it");
    }

    [Test]
    public void AnIdCarriesItsCreationTime()
    {
        var at = new DateTimeOffset(2026, 11, 22, 10, 0, 0, 123, TimeSpan.Zero);
        var time = new FixedTime(at);
        Assert.That(Ids.TimestampOf(Ids.New("msg", time)), Is.EqualTo(at));
        Assert.That(Ids.TimestampOf("msg_short"), Is.Null);
    }

    [TestCase("failed", "5.1.1", "550 5.1.1 <ann@example.test>: Recipient address rejected: User unknown", "hardbounce", "InvalidRecipient", 550)]
    [TestCase("failed", "5.7.1", "554 5.7.1 Service unavailable; Client host blocked using zen.spamhaus.org", "spambounce", "SpamBlock", 554)]
    [TestCase("failed", "4.4.7", "delivery temporarily suspended: connect to mx: Connection timed out", "hardbounce", "MessageExpired", 450)]
    [TestCase("delayed", "4.2.2", "452 4.2.2 Mailbox full", "softbounce", "MailboxFull", 452)]
    public void DeliveryStatusNotificationsAreClassified(string action, string status, string diagnostic, string type, string bounceClass, int code)
    {
        var (isReport, report) = BounceReports.Read(Parse(Dsn(action, status, diagnostic)));
        Assert.That(isReport, Is.True);
        Assert.That(report!.EventType, Is.EqualTo(type));
        Assert.That(report.BounceClass, Is.EqualTo(bounceClass));
        Assert.That(report.Smtp!.Code, Is.EqualTo(code));
        Assert.That(report.Smtp.EnhancedCode, Is.EqualTo(status));
        Assert.That(report.Smtp.Mx, Is.EqualTo("mx2.example.test"));
    }

    [Test]
    public void ASuccessNotificationRecordsNothingAndPlainMailIsNotAReport()
    {
        Assert.That(BounceReports.Read(Parse(Dsn("delivered", "2.0.0", "250 2.0.0 Ok"))), Is.EqualTo((true, (BounceReport?)null)));
        Assert.That(BounceReports.Read(Parse("Subject: Out of office\n\nAway.\n")).IsReport, Is.False);
    }

    [Test]
    public void AFeedbackReportBecomesFeedbackWithItsType()
    {
        var arf = """
            From: fbl@isp.example
            Subject: complaint
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=feedback-report; boundary="F"

            --F
            Content-Type: text/plain

            A complaint.
            --F
            Content-Type: message/feedback-report

            Feedback-Type: Fraud
            User-Agent: Test/1.0
            Version: 1

            --F--
            """;
        var (isReport, report) = BounceReports.Read(Parse(arf));
        Assert.That(isReport, Is.True);
        Assert.That(report, Is.EqualTo(new BounceReport("feedback", null, null, "fraud")));
    }

    private sealed class FixedTime(DateTimeOffset at) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => at;
    }
}
