using System.Diagnostics;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MimeKit;
using SendGateway.Server.Bounces;
using SendGateway.Server.Queue;

namespace SendGateway.Server.Delivery;

/// <summary>
/// Steps "send" and "classify": the copy goes to the first target that answers (pooled connections, per-MX slots); a
/// 250 is journaled before anything else so a reclaimed entry is never sent twice; an SMTP refusal is classified into
/// an event type and bounce class; connection failures move on to the next target.
/// </summary>
public sealed class SmtpSender(
    SmtpConnectionPool pool, OutboundQueue queue, VerpAddresses verp, Microsoft.Extensions.Options.IOptions<DeliveryOptions> options, ILogger<SmtpSender> logger)
{
    private readonly DeliveryOptions _options = options.Value;

    /// <summary>Tries the targets in order until one gives an SMTP answer; connection failures move on to the next.</summary>
    public async Task<DeliveryOutcome> SendAsync(QueueEntry entry, MimeMessage message, IReadOnlyList<DeliveryTarget> targets, int attempt, CancellationToken cancellationToken)
    {
        var sender = new MailboxAddress(null, verp.For(entry.Id));
        MailboxAddress[] recipients = [new MailboxAddress(null, entry.Recipient)];
        DeliveryOutcome? last = null;
        var busy = false;
        foreach (var target in targets)
        {
            PooledConnection connection;
            try
            {
                connection = await pool.RentAsync(target, cancellationToken);
            }
            catch (DestinationBusyException)
            {
                busy = true; // every connection slot of this MX is taken by some worker: try the next, else wait
                continue;
            }
            catch (Exception e) when (!Storage.Outage.IsTransient(e) && e is SocketException or IOException or ProtocolException or SmtpCommandException or TimeoutException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // TimeoutException: MailKit's own Timeout (CommandTimeout) may fire before the connect deadline (T70). A
                // Redis failure counting the MX's connection slots (RedisTimeoutException is a TimeoutException too) is not
                // the MX's: it propagates as a store outage, with no event about the recipient (T114).
                DeliveryLog.ConnectFailed(logger, target.Host, target.Address.ToString(), entry.Id, e.GetType().Name);
                last = ConnectionFailure(e, target, attempt);
                continue;
            }

            var started = Stopwatch.GetTimestamp();
            var reusable = false;
            try
            {
                var response = await connection.Client.SendAsync(FormatOptions.Default, message, sender, recipients, cancellationToken);
                try
                {
                    queue.MarkDelivered(entry, _options.DeliveredJournalTtl);
                }
                catch (Exception e) when (Storage.Outage.IsTransient(e))
                {
                    // Redis is down: the worker keeps retrying to record this 250 (DeliveryWorker.RecordAsync); only a crash
                    // before that succeeds leaves the entry to be reclaimed and sent again.
                }

                connection.Sent++;
                reusable = true;
                return new DeliveryOutcome(EventTypes.Ok, null, Detail(connection, target, 250, response, attempt));
            }
            catch (SmtpCommandException e)
            {
                var (type, bounceClass) = BounceClassifier.Classify((int)e.StatusCode, BounceClassifier.EnhancedCodeOf(e.Message), e.Message);
                return new DeliveryOutcome(type, bounceClass, Detail(connection, target, (int)e.StatusCode, e.Message, attempt));
            }
            catch (Exception e) when (e is IOException or SocketException or ProtocolException or TimeoutException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // Lost mid-transaction: RFC 5321 §3.8 treats it as temporary; do not try another MX with the same copy.
                return DeliveryOutcome.Temporary(BounceClasses.BadConnection, "4.4.2", $"Connection lost: {e.Message}", target.Host, attempt) with
                {
                    Smtp = new SmtpDetail(null, "4.4.2", $"Connection lost: {e.GetType().Name}", target.Host, connection.SourceIp, connection.Client.IsSecure, attempt),
                };
            }
            finally
            {
                SendGatewayMetrics.AttemptDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
                pool.Return(connection, reusable);
            }
        }

        if (last is null && busy)
        {
            return DeliveryOutcome.Deferred(_options.ConnectionBusyDelay + (_options.ConnectionBusyJitter * Random.Shared.NextDouble()), "connection_limit");
        }

        return last ?? DeliveryOutcome.Temporary(BounceClasses.NoAnswerFromHost, "4.4.1", "No target answered", null, attempt);
    }

    /// <summary>The MX name is this attempt's target: a pooled connection may have been opened for another name of the same address.</summary>
    private static SmtpDetail Detail(PooledConnection connection, DeliveryTarget target, int code, string response, int attempt) =>
        new(code, BounceClassifier.EnhancedCodeOf(response), $"{code} {response}".Trim(), target.Host, connection.SourceIp, connection.Client.IsSecure, attempt);

    private static DeliveryOutcome ConnectionFailure(Exception e, DeliveryTarget target, int attempt) => e switch
    {
        // A 4xx or 5xx greeting is temporary for the message (reliability.md T64): another MX or a later attempt may take it.
        SmtpCommandException command => DeliveryOutcome.Temporary(BounceClasses.TransientFailure, "4.4.1", $"{(int)command.StatusCode} {command.Message}", target.Host, attempt),
        SocketException { SocketErrorCode: SocketError.ConnectionRefused } => DeliveryOutcome.Temporary(BounceClasses.NoAnswerFromHost, "4.4.1", "Connection refused", target.Host, attempt),
        OperationCanceledException or TimeoutException => DeliveryOutcome.Temporary(BounceClasses.NoAnswerFromHost, "4.4.1", "Connection timed out", target.Host, attempt),
        _ => DeliveryOutcome.Temporary(BounceClasses.BadConnection, "4.4.2", $"Connection failed: {e.GetType().Name}", target.Host, attempt),
    };
}
