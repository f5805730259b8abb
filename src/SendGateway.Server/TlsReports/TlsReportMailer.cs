using Microsoft.Extensions.Options;
using MimeKit;
using SendGateway.Server.Messages;
using SendGateway.Server.Queue;
using SendGateway.Server.Storage;

namespace SendGateway.Server.TlsReports;

/// <summary>
/// Mails a report (RFC 8460 §5.3): <c>multipart/report; report-type="tlsrpt"</c> with a short text and the
/// <c>application/tlsrpt+gzip</c> part, the <c>TLS-Report-Domain</c> and <c>TLS-Report-Submitter</c> headers and the
/// subject the RFC spells. From <see cref="TlsReportsOptions.Sender"/> as the operator tenant, through the accept path
/// as MIME (as the relay's mail), so delivery DKIM-signs it with the sender domain's key; no tracking, no unsubscribe,
/// no kept copy.
/// </summary>
internal sealed class TlsReportMailer(MessageAcceptor acceptor, IOptions<TlsReportsOptions> options, TimeProvider time, ILogger<TlsReportMailer> logger)
{
    /// <summary>True once the report is queued for <paramref name="to"/>; false when the accept path refused it or storage is down.</summary>
    public async Task<bool> SendAsync(TlsReport report, string to, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var from = Addresses.Normalize(settings.Sender)!;
        var content = new BatchContent
        {
            FromEmail = from, Mime = Compose(report, from, to, settings.OrganizationName!),
            TrackOpens = false, TrackClicks = false, Unsubscribe = false, KeepContent = false,
        };
        try
        {
            var outcome = await acceptor.AcceptAsync(settings.TenantId!, content, [new AcceptRecipient(to, to)], null, null, null, cancellationToken);
            if (outcome.Status == AcceptStatus.Accepted && outcome.Accepted!.Messages.All(m => m.Status == "accepted"))
            {
                return true;
            }

            TlsReportsLog.MailNotAccepted(logger, report.Domain, outcome.Status == AcceptStatus.Accepted ? "dropped" : outcome.Status.ToString());
            return false;
        }
        catch (Exception e) when (Outage.IsTransient(e))
        {
            TlsReportsLog.MailUnavailable(logger, report.Domain, e);
            return false;
        }
    }

    private byte[] Compose(TlsReport report, string from, string to, string organization)
    {
        var message = new MimeMessage { Date = time.GetUtcNow(), Subject = $"Report Domain: {report.Domain} Submitter: {report.Submitter} Report-ID: <{report.ReportId}>" };
        message.From.Add(new MailboxAddress(organization, from));
        message.To.Add(MailboxAddress.Parse(to));
        message.Headers.Add("TLS-Report-Domain", report.Domain);
        message.Headers.Add("TLS-Report-Submitter", report.Submitter);
        var body = new MultipartReport("tlsrpt")
        {
            new TextPart("plain")
            {
                Text = $"This is an aggregate TLS report (RFC 8460) from {organization} ({report.Submitter}) for {report.Domain}, " +
                    $"{report.Begin:yyyy-MM-dd} UTC. The report is attached as {report.FileName}.\n",
            },
            new MimePart("application", "tlsrpt+gzip")
            {
                Content = new MimeContent(new MemoryStream(report.Gzip, writable: false)),
                ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
                ContentTransferEncoding = ContentEncoding.Base64,
                FileName = report.FileName,
            },
        };
        message.Body = body;
        using var output = new MemoryStream();
        message.WriteTo(output);
        return output.ToArray();
    }
}
