using System.Diagnostics;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MimeKit;
using SendGateway.Server.Bounces;
using SendGateway.Server.Common;
using SendGateway.Server.Events;
using SendGateway.Server.Messages;
using SendGateway.Server.Queue;

namespace SendGateway.Server.Delivery;

/// <summary>
/// One delivery attempt as named steps (style.md E9): check the journal, load content, check expiry, build and
/// sign the MIME, resolve the destination, send. Each step may end the run with a <see cref="DeliveryOutcome"/>.
/// </summary>
public sealed class DeliveryPipeline(
    OutboundQueue queue, IMxResolver resolver, SmtpConnectionPool pool, DkimSigners signers, RetrySchedule schedule,
    BatchContentCache contents, VerpAddresses verp, IpPools.SourceSelector sources, DestinationThrottle throttle, TimeProvider time,
    Microsoft.Extensions.Options.IOptions<DeliveryOptions> options, ILogger<DeliveryPipeline> logger)
{
    private readonly DeliveryOptions _options = options.Value;

    public async Task<(DeliveryOutcome Outcome, BatchContent? Content)> RunAsync(QueueEntry entry, bool reclaimed, CancellationToken cancellationToken)
    {
        var attempt = entry.Attempt + 1;
        var content = await LoadContentAsync(entry, cancellationToken);
        if (content is null)
        {
            return (new DeliveryOutcome(EventTypes.Dropped, null, null, "content_expired"), null);
        }

        if (reclaimed && await queue.IsDeliveredAsync(entry, cancellationToken))
        {
            // Only a reclaimed entry can have a journaled 250 (its worker died before completing): record it, never send twice.
            return (new DeliveryOutcome(EventTypes.Ok, null, new SmtpDetail(250, null, "delivered in an earlier attempt", null, null, false, attempt)), content);
        }

        if (time.GetUtcNow() >= schedule.ExpiresAt(entry.AcceptedAt))
        {
            return (DeliveryOutcome.Permanent(BounceClasses.MessageExpired, "5.4.7", "Delivery time expired", null, attempt), content);
        }

        var signer = await signers.GetAsync(entry.TenantId, Addresses.DomainOf(content.FromEmail), cancellationToken);
        if (signer is null)
        {
            return (new DeliveryOutcome(EventTypes.Dropped, null, null, "sender_domain_removed"), content);
        }

        var message = MimeBuilder.Build(entry, content);
        MimeBuilder.Sign(message, signer, time.GetUtcNow());
        if (Simulator.Handles(Addresses.DomainOf(entry.Recipient)))
        {
            return (Simulator.Outcome(entry.Recipient, attempt), content);
        }

        var resolved = await resolver.ResolveAsync(Addresses.DomainOf(entry.Recipient), attempt, cancellationToken);
        if (resolved.Failure is not null)
        {
            return (resolved.Failure, content);
        }

        // One source per attempt, from the tenant's pool: every MX of this attempt sees the same address and EHLO name.
        var (source, waitFor) = await sources.ChooseAsync(entry.TenantId, content.IpPool, throttle.DestinationOf(Addresses.DomainOf(entry.Recipient)), cancellationToken);
        if (waitFor is { } wait)
        {
            return (DeliveryOutcome.Deferred(wait, "warmup_allowance_spent"), content);
        }

        if (source is { } chosen && await throttle.DeferSourceAsync(chosen.Address.ToString(), cancellationToken) is { } sourceWait)
        {
            return (DeliveryOutcome.Deferred(sourceWait, "source_rate"), content);
        }

        var rule = throttle.RuleFor(Addresses.DomainOf(entry.Recipient));
        var targets = resolved.Targets.Select(t => t with
        {
            Source = source,
            MaxConnections = rule.MaxConnections > 0 ? rule.MaxConnections : null,
            MessagesPerConnection = rule.MessagesPerConnection > 0 ? rule.MessagesPerConnection : null,
        }).ToList();
        return (await SendAsync(entry, message, targets, attempt, cancellationToken), content);
    }

    private async Task<BatchContent?> LoadContentAsync(QueueEntry entry, CancellationToken cancellationToken)
    {
        if (contents.TryGet(entry.BatchId, entry.Shard, out var cached))
        {
            return cached;
        }

        var content = await queue.GetContentAsync(entry.Shard, entry.BatchId, cancellationToken);
        if (content is not null)
        {
            contents.Set(entry.BatchId, entry.Shard, content);
        }

        return content;
    }

    /// <summary>Tries the targets in order until one gives an SMTP answer; connection failures move on to the next.</summary>
    private async Task<DeliveryOutcome> SendAsync(QueueEntry entry, MimeMessage message, IReadOnlyList<DeliveryTarget> targets, int attempt, CancellationToken cancellationToken)
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
            catch (Exception e) when (e is SocketException or IOException or ProtocolException or SmtpCommandException or TimeoutException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // TimeoutException: MailKit's own Timeout (CommandTimeout) may fire before the connect deadline (T70).
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
                    await queue.MarkDeliveredAsync(entry, _options.DeliveredJournalTtl, cancellationToken);
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
