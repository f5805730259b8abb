using System.Diagnostics;
using MailKit.Net.Smtp;
using MimeKit;
using SendGateway.Server.Bounces;
using SendGateway.Server.Delivery.Connections;
using SendGateway.Server.Delivery.TlsPolicy;
using SendGateway.Server.EventContract;
using SendGateway.Server.Queue;
using SendGateway.Server.TlsReports;

namespace SendGateway.Server.Delivery.Pipeline;

/// <summary>
/// Steps "send" and "classify": the copy goes to the first target that answers (pooled connections, per-MX slots); a
/// 250 is journaled before anything else so a reclaimed entry is never sent twice; every reply and every exception MailKit
/// raises is classified into an event type and bounce class (<see cref="RemoteFailures"/>); connection failures move on
/// to the next target; anything else is not the remote side's doing and is left to the worker. A target whose enforced
/// TLS requirement fails (<see cref="TlsPolicyViolationException"/>) is skipped without plain text; when no other target
/// answers, the attempt is a softbounce naming the policy. Every session's TLS result goes to the TLS reports.
/// </summary>
internal sealed class SmtpSender(
    SmtpConnectionPool pool, DeliveredJournal journal, VerpAddresses verp, TlsSessionReports reports,
    Microsoft.Extensions.Options.IOptions<DeliveryOptions> options, ILogger<SmtpSender> logger)
{
    private readonly DeliveryOptions _options = options.Value;

    /// <summary>
    /// Tries the targets in order until one gives an SMTP answer; connection failures move on to the next. The whole
    /// attempt (every target's connect and the transaction) ends by <see cref="DeliveryOptions.AttemptTimeout"/>: a
    /// tarpit answering each command just within its timeout still ends (reliability.md T70), as a softbounce.
    /// </summary>
    public async Task<DeliveryOutcome> SendAsync(
        QueueEntry entry, string domain, MimeMessage message, IReadOnlyList<DeliveryTarget> targets, int attempt, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.AttemptTimeout);
        return await SendWithinAsync(entry, domain, message, targets, attempt, deadline.Token, cancellationToken);
    }

    private async Task<DeliveryOutcome> SendWithinAsync(
        QueueEntry entry, string domain, MimeMessage message, IReadOnlyList<DeliveryTarget> targets, int attempt, CancellationToken attemptToken, CancellationToken cancellationToken)
    {
        var sender = new MailboxAddress(null, verp.For(entry.Id));
        MailboxAddress[] recipients = [new MailboxAddress(null, entry.Recipient)];
        DeliveryOutcome? last = null;
        DeliveryOutcome? policyFailure = null;
        var busy = false;
        var sessions = 0;
        foreach (var target in targets)
        {
            PooledConnection connection;
            try
            {
                connection = await pool.RentAsync(target, attemptToken);
            }
            catch (DestinationBusyException)
            {
                busy = true; // every connection slot of this MX is taken by some worker: try the next, else wait
                continue;
            }
            catch (TlsPolicyViolationException e)
            {
                TlsPolicyLog.PolicyFailed(logger, target.Host, domain, target.Tls.Policy, e.ResultType);
                await reports.RecordAsync(new TlsSessionResult(domain, target.Tls.ReportPolicy, e.ResultType, target.Host, target.Address.ToString(),
                    AdditionalInformation: e.Message), cancellationToken);
                last = policyFailure = RemoteFailures.PolicyFailure(e, target, attempt);
                continue;
            }
            catch (Exception e) when (RemoteFailures.IsRemote(e, cancellationToken))
            {
                // TimeoutException: MailKit's own Timeout (CommandTimeout) may fire before the connect deadline (T70). A
                // Redis failure counting the MX's connection slots (RedisTimeoutException is a TimeoutException too) is not
                // the MX's: it propagates as a store outage, with no event about the recipient (T114).
                DeliveryLog.ConnectFailed(logger, target.Host, target.Address.ToString(), entry.Id, e.GetType().Name);
                last = RemoteFailures.AtConnect(e, target, attempt);
                if (RemoteFailures.ServerAnswered(e) && ++sessions >= _options.MaxMxSessions)
                {
                    break; // reliability.md T74: Postfix's smtp_mx_session_limit
                }

                continue;
            }

            var started = Stopwatch.GetTimestamp();
            var reusable = false;
            var progress = new DotProgress();
            try
            {
                // Inside the try: a stop while the session is recorded still gives the connection back.
                await reports.RecordAsync(new TlsSessionResult(domain, target.Tls.ReportPolicy, target.Tls.ResultType(connection.IsSecure, connection.Findings, target.Host),
                    target.Host, target.Address.ToString(), connection.SourceIp), cancellationToken);
                if (!RemoteFailures.CanCarry(connection, entry.Recipient))
                {
                    reusable = true; // nothing was sent on it
                    return RemoteFailures.NeedsSmtpUtf8(connection, target, attempt);
                }

                connection.Client.UseCommandTimeout(); // the last transaction left it at the DATA timeout
                // RFC 8689: REQUIRETLS on MAIL FROM where the MX offers it (MailKit adds it only then); set per transaction on a pooled client.
                connection.Client.RequireTLS = target.Tls.Policy == TlsPolicyNames.RequireTls;
                var response = await connection.Client.SendAsync(FormatOptions.Default, message, sender, recipients, attemptToken, progress);
                reusable = true;
                return await DeliveredAsync(entry, connection, target, 250, response, attempt, cancellationToken);
            }
            catch (SmtpCommandException e) when (RemoteFailures.IsAcceptedAfterDot(e))
            {
                return await DeliveredAsync(entry, connection, target, (int)e.StatusCode, e.Message, attempt, cancellationToken); // a 2xx other than 250 to the dot
            }
            catch (SmtpCommandException e)
            {
                return RemoteFailures.Reply(e, connection, target, attempt);
            }
            catch (Exception e) when (RemoteFailures.IsRemote(e, cancellationToken))
            {
                // Lost mid-transaction, garbage, a 530, silence after the dot: do not try another MX with the same copy.
                return RemoteFailures.InTransaction(e, connection, target, attempt, progress.WholeMessageWritten);
            }
            finally
            {
                SendGatewayMetrics.AttemptDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
                pool.Return(connection, reusable);
            }
        }

        if (last is null && busy)
        {
            return DeliveryOutcome.Deferred(_options.ConnectionBusyDelay + (_options.ConnectionBusyJitter * Random.Shared.NextDouble()), Queue.HoldReasons.ConnectionLimit);
        }

        // A policy failure names why no target took the message, even when a later target was only unreachable.
        return policyFailure ?? last ?? DeliveryOutcome.Temporary(BounceClasses.NoAnswerFromHost, "4.4.1", "No target answered", null, attempt);
    }

    /// <summary>
    /// The remote server took the copy: journaled before anything else, so a reclaimed entry is never sent twice. The
    /// journal write is awaited under the worker's token, not the attempt's deadline: a 250 is never turned into a timeout.
    /// </summary>
    private async Task<DeliveryOutcome> DeliveredAsync(
        QueueEntry entry, PooledConnection connection, DeliveryTarget target, int code, string response, int attempt, CancellationToken cancellationToken)
    {
        var detail = Detail(connection, target, code, response, attempt);
        await journal.MarkAsync(entry, _options.DeliveredJournalTtl, detail, cancellationToken); // Redis down: the node's copy stands in
        connection.Sent++;
        return new DeliveryOutcome(EventTypes.Ok, null, detail);
    }

    /// <summary>The MX name is this attempt's target: a pooled connection may have been opened for another name of the same address.</summary>
    private static SmtpDetail Detail(PooledConnection connection, DeliveryTarget target, int code, string response, int attempt) =>
        new(code, BounceClassifier.EnhancedCodeOf(response), $"{code} {response}".Trim(), target.Host, connection.SourceIp, connection.IsSecure, attempt)
        {
            TlsDetail = connection.TlsDetailFor(target.Tls, target.Host),
        };
}
