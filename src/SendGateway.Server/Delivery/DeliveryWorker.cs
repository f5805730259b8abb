using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using SendGateway.Server.Common;
using SendGateway.Server.Events;
using SendGateway.Server.Queue;
using StackExchange.Redis;

namespace SendGateway.Server.Delivery;

/// <summary>
/// Reads the streams of the shards it leases (<see cref="ShardLeases"/>; polling, never BLOCK: SE.Redis #1158) into a
/// bounded channel that <see cref="DeliveryOptions.Concurrency"/> consumers drain; takes over entries a dead worker left
/// pending as soon as it holds their shard.
/// Each outcome is recorded with the XACK in one Redis call.
/// </summary>
public sealed class DeliveryWorker(
    OutboundQueue queue, DeliveryPipeline pipeline, RetrySchedule schedule, SmtpConnectionPool pool, ShardLeases leases, DestinationThrottle throttle,
    IOptions<DeliveryOptions> options, TimeProvider time, ILogger<DeliveryWorker> logger) : BackgroundService
{
    private readonly string _consumer = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
    private readonly DeliveryOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await queue.EnsureGroupsAsync(stoppingToken);
        var channel = Channel.CreateBounded<LeasedEntry>(new BoundedChannelOptions(_options.ReadBatchSize)
        {
            FullMode = BoundedChannelFullMode.Wait, SingleWriter = true,
        });
        var consumers = Enumerable.Range(0, _options.Concurrency).Select(_ => ConsumeAsync(channel.Reader, stoppingToken)).ToList();
        try
        {
            await ReadLoopAsync(channel.Writer, stoppingToken);
        }
        finally
        {
            channel.Writer.TryComplete();
            await Task.WhenAll(consumers);
            try
            {
                await leases.ReleaseAllAsync(_consumer); // graceful stop: another worker takes the shards at once
            }
            catch (RedisException e)
            {
                DeliveryLog.QueueFailed(logger, e, -1);
            }
        }
    }

    private async Task ReadLoopAsync(ChannelWriter<LeasedEntry> writer, CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(1);
        var lastReclaim = Stopwatch.GetTimestamp();
        var lastIdleSweep = Stopwatch.GetTimestamp();
        while (!stoppingToken.IsCancellationRequested)
        {
            var reclaim = Stopwatch.GetElapsedTime(lastReclaim) > _options.ReclaimIdleTime / 2;
            lastReclaim = reclaim ? Stopwatch.GetTimestamp() : lastReclaim;
            var read = 0;
            HashSet<string>? live = null;
            try
            {
                // At each lease refresh, entries that dead consumers left pending on our shards are taken over.
                live = await leases.RefreshAsync(_consumer, stoppingToken) ? await leases.LiveWorkersAsync(stoppingToken) : null;
            }
            catch (RedisException e)
            {
                DeliveryLog.QueueFailed(logger, e, -1);
            }

            foreach (var shard in leases.Owned.ToList())
            {
                if (stoppingToken.IsCancellationRequested)
                {
                    break;
                }

                try
                {
                    var entries = await queue.ReadAsync(shard, _consumer, _options.ReadBatchSize, stoppingToken);
                    if (live is not null)
                    {
                        var orphaned = await queue.ClaimFromDeadAsync(shard, _consumer, live, _options.ReadBatchSize * 16, stoppingToken);
                        if (orphaned.Count > 0)
                        {
                            DeliveryLog.Reclaimed(logger, orphaned.Count, shard);
                            entries = [.. entries, .. orphaned];
                        }
                    }

                    if (reclaim)
                    {
                        var claimed = await queue.ClaimAsync(shard, _consumer, _options.ReclaimIdleTime, _options.ReadBatchSize, stoppingToken);
                        if (claimed.Count > 0)
                        {
                            DeliveryLog.Reclaimed(logger, claimed.Count, shard);
                            entries = [.. entries, .. claimed];
                        }
                    }

                    foreach (var entry in entries)
                    {
                        await writer.WriteAsync(entry, stoppingToken);
                    }

                    read += entries.Count;
                }
                catch (RedisException e)
                {
                    DeliveryLog.QueueFailed(logger, e, shard);
                }
            }

            if (reclaim || Stopwatch.GetElapsedTime(lastIdleSweep) > TimeSpan.FromSeconds(1))
            {
                pool.CloseIdle();
                lastIdleSweep = Stopwatch.GetTimestamp();
            }

            delay = read > 0 ? TimeSpan.FromMilliseconds(1) : TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxPollDelay.Ticks));
            if (read == 0)
            {
                await Task.Delay(delay, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task ConsumeAsync(ChannelReader<LeasedEntry> reader, CancellationToken stoppingToken)
    {
        await foreach (var leased in reader.ReadAllAsync(CancellationToken.None))
        {
            if (stoppingToken.IsCancellationRequested)
            {
                continue; // Left pending: another worker (or this one after restart) reclaims it.
            }

            await DeliverAsync(leased, stoppingToken);
        }
    }

    private async Task DeliverAsync(LeasedEntry leased, CancellationToken stoppingToken)
    {
        var entry = leased.Entry;
        using var activity = SendGatewayMetrics.Activities.StartActivity("deliver", ActivityKind.Consumer, entry.TraceParent);
        activity?.SetTag("sendgateway.message_id", entry.Id);
        DeliveryOutcome outcome;
        BatchContent? content;
        var domain = Messages.Addresses.DomainOf(entry.Recipient);
        try
        {
            // The destination rests or its budget is spent (else the pipeline may defer: warm-up, source budget, busy MX).
            var (wait, failuresCounted) = Simulator.Handles(domain) ? (null, false) : await throttle.DeferAsync(domain, stoppingToken);
            (outcome, content) = wait is { } rest
                ? (DeliveryOutcome.Deferred(rest, "destination_throttled"), null)
                : await pipeline.RunAsync(entry, leased.Reclaimed, stoppingToken);
            if (outcome.DeferFor is { } deferFor)
            {
                // Back to the schedule unchanged: no attempt, no event.
                await queue.CompleteAsync(leased, [], entry, time.GetUtcNow() + deferFor, stoppingToken);
                SendGatewayMetrics.Outcomes.Add(1, new KeyValuePair<string, object?>("type", "deferred"));
                return;
            }

            if (!Simulator.Handles(domain))
            {
                await throttle.RecordAsync(domain, outcome, failuresCounted, stoppingToken);
            }
        }
        catch (Exception e) when (e is RedisException or Npgsql.NpgsqlException || stoppingToken.IsCancellationRequested)
        {
            DeliveryLog.Unexpected(logger, e, entry.Id);
            return; // Infrastructure trouble: stays pending, reclaimed later.
        }
        catch (Exception e)
        {
            // A message that makes the worker throw is dropped with a reason instead of poisoning the stream.
            DeliveryLog.Poison(logger, e, entry.Id);
            (outcome, content) = (new DeliveryOutcome(EventTypes.Dropped, null, null, "internal_error"), null);
        }

        await RecordAsync(leased, outcome, content, stoppingToken);
    }

    private async Task RecordAsync(LeasedEntry leased, DeliveryOutcome outcome, BatchContent? content, CancellationToken stoppingToken)
    {
        var entry = leased.Entry;
        var now = time.GetUtcNow();
        content ??= new BatchContent { FromEmail = "unknown@invalid" };
        var record = EventFactory.Create(entry, content, outcome.Type, now, outcome.Smtp, outcome.BounceClass, outcome.Reason);
        List<EventRecord> events = [record];
        if (outcome.FollowUp is not null)
        {
            events.Add(EventFactory.Create(entry with { Sequence = record.Sequence }, content, outcome.FollowUp, now));
        }

        var retry = outcome.Retry ? entry with { Attempt = entry.Attempt + 1, Sequence = record.Sequence } : null;
        var retryAt = retry is null ? now : schedule.NextAttempt(entry.AcceptedAt, retry.Attempt, now);
        try
        {
            await queue.CompleteAsync(leased, events, retry, retryAt, stoppingToken);
            SendGatewayMetrics.Outcomes.Add(1, new KeyValuePair<string, object?>("type", outcome.Type));
            DeliveryLog.Outcome(logger, entry.Id, record.RecipientDomain, outcome.Type, outcome.Smtp?.Code, outcome.Smtp?.EnhancedCode);
        }
        catch (RedisException e)
        {
            DeliveryLog.QueueFailed(logger, e, leased.Shard); // Not acknowledged: reclaimed and the journal prevents a resend.
        }
    }
}
