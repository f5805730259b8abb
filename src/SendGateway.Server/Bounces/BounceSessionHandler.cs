using System.Runtime.InteropServices;
using MimeKit;
using SendGateway.Server.EventContract;
using SendGateway.Smtp;
using SendGateway.Smtp.Protocol;
using StackExchange.Redis;

namespace SendGateway.Server.Bounces;

/// <summary>
/// One inbound session of the bounce domain: recipients must be signed VERP addresses (else 550 5.1.1), the content must be
/// a DSN or a feedback report (else 550 5.7.1). The final reply comes only after the events are on the stream (else 451).
/// </summary>
internal sealed class BounceSessionHandler(VerpAddresses verp, BounceRecorder recorder, ILogger logger) : ISmtpSessionHandler
{
    private static readonly SmtpReply NotAReport = new(550, "5.7.1", "Only delivery status notifications and feedback reports are accepted here");
    private static readonly SmtpReply TryLater = new(451, "4.3.0", "Error: message not known yet, try again later");

    public ValueTask<SmtpReply> OnRecipientAsync(SmtpSessionContext session, SmtpPath recipient, CancellationToken cancellationToken) =>
        ValueTask.FromResult(verp.MessageIdOf(recipient.Address) is null && verp.UnsubscribeIdOf(recipient.Address) is null
            ? new SmtpReply(550, "5.1.1", $"<{recipient.Address}>: Recipient address rejected: User unknown")
            : SmtpReplies.RecipientOk);

    public async ValueTask<SmtpReply> OnMessageAsync(SmtpSessionContext session, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        // Mail to a List-Unsubscribe mailto: (u+…) unsubscribes whatever it says (RFC 2369); the rest must be reports.
        var unsubscribes = session.Transaction!.Recipients.Select(r => verp.UnsubscribeIdOf(r.Address)).OfType<string>().Distinct().ToList();
        if (unsubscribes.Count > 0)
        {
            if (await RecordAllAsync(unsubscribes, new BounceReport(EventTypes.Unsubscribe, null, null, null), cancellationToken) is { } reply)
            {
                return reply;
            }

            if (unsubscribes.Count == session.Transaction.Recipients.Count)
            {
                return SmtpReplies.Ok;
            }
        }

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

        var ids = session.Transaction!.Recipients.Select(r => verp.MessageIdOf(r.Address)).OfType<string>().Distinct().ToList();
        return await RecordAllAsync(ids, report, cancellationToken) ?? SmtpReplies.Ok;
    }

    /// <summary>Records the report for each message: null when all were, else the reply (451 to try later, or the write error).</summary>
    private async Task<SmtpReply?> RecordAllAsync(IReadOnlyList<string> ids, BounceReport report, CancellationToken cancellationToken)
    {
        var deferred = false;
        try
        {
            foreach (var id in ids)
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

        return deferred ? TryLater : null;
    }
}
