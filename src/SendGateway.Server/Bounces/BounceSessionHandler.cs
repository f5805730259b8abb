using System.Runtime.InteropServices;
using MimeKit;
using SendGateway.Smtp;
using SendGateway.Smtp.Protocol;
using StackExchange.Redis;

namespace SendGateway.Server.Bounces;

/// <summary>
/// One inbound session of the bounce domain: recipients must be signed VERP addresses (else 550 5.1.1), the content must be
/// a DSN or a feedback report (else 550 5.7.1). The final reply comes only after the events are on the stream (else 451).
/// </summary>
public sealed class BounceSessionHandler(VerpAddresses verp, BounceRecorder recorder, ILogger logger) : ISmtpSessionHandler
{
    private static readonly SmtpReply NotAReport = new(550, "5.7.1", "Only delivery status notifications and feedback reports are accepted here");
    private static readonly SmtpReply TryLater = new(451, "4.3.0", "Error: message not known yet, try again later");

    public ValueTask<SmtpReply> OnRecipientAsync(SmtpSessionContext session, SmtpPath recipient, CancellationToken cancellationToken) =>
        ValueTask.FromResult(verp.MessageIdOf(recipient.Address) is null
            ? new SmtpReply(550, "5.1.1", $"<{recipient.Address}>: Recipient address rejected: User unknown")
            : SmtpReplies.RecipientOk);

    public async ValueTask<SmtpReply> OnMessageAsync(SmtpSessionContext session, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        MimeMessage message;
        try
        {
            var stream = MemoryMarshal.TryGetArray(content, out var segment)
                ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
                : new MemoryStream(content.ToArray(), writable: false);
            message = await MimeMessage.LoadAsync(stream, cancellationToken);
        }
        catch (FormatException)
        {
            BouncesLog.NotAReport(logger);
            return NotAReport;
        }

        var (isReport, report) = BounceReports.Read(message);
        if (!isReport)
        {
            BouncesLog.NotAReport(logger);
            return NotAReport;
        }

        if (report is null)
        {
            return SmtpReplies.Ok; // a report with nothing to record, e.g. Action: delivered
        }

        var deferred = false;
        try
        {
            foreach (var id in session.Transaction!.Recipients.Select(r => verp.MessageIdOf(r.Address)).OfType<string>().Distinct())
            {
                var outcome = await recorder.RecordAsync(id, report, cancellationToken);
                deferred |= outcome == BounceOutcome.Deferred;
                if (outcome == BounceOutcome.Recorded)
                {
                    BouncesLog.Recorded(logger, report.EventType, id);
                }
            }
        }
        catch (Exception e) when (e is RedisException or Npgsql.NpgsqlException or TimeoutException)
        {
            BouncesLog.RecordFailed(logger, e);
            return SmtpReplies.WriteError;
        }

        return deferred ? TryLater : SmtpReplies.Ok;
    }
}
