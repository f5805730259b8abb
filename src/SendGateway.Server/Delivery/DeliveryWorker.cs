using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using SendGateway.Server.Delivery.Connections;
using SendGateway.Server.Delivery.Pipeline;
using SendGateway.Server.Queue;
using SendGateway.Server.Storage;

namespace SendGateway.Server.Delivery;

/// <summary>
/// Reads the streams of the shards it leases (<see cref="ShardLeases"/>; polling, never BLOCK: SE.Redis #1158; one
/// XREADGROUP over all of them per poll, one per shard on a Redis Cluster) into a bounded channel that
/// <see cref="DeliveryOptions.Concurrency"/> consumers drain; takes over entries a dead worker left pending as soon as
/// it holds their shard.
/// Each outcome is recorded with its XACK in one Redis script, shared with the shard's other outcomes of the moment
/// (<see cref="ShardCompletions"/>). A Redis or PostgreSQL outage is logged once; reads pause
/// with a back-off. A store failure during an attempt makes no event: the entry stays pending, and this worker takes it back
/// as soon as the store answers (<see cref="OwnPendingEntries"/>; the journal keeps a 250 from being sent twice).
/// </summary>
internal sealed class DeliveryWorker(
    OutboundQueue queue, DeliveryPipeline pipeline, RetrySchedule schedule, LaneHandOver handOver, SmtpConnectionPool pool, ShardLeases leases, UnexpectedFailures unexpected, DeliveredJournal journal,
    PendingHeartbeat heartbeat, IOptions<DeliveryOptions> options, IOptions<ResilienceOptions> resilience, TimeProvider time, ILogger<DeliveryWorker> logger)
    : ResilientBackgroundService("Delivery reads", logger, resilience, time)
{
    private readonly string _consumer = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
    private readonly DeliveryOptions _options = options.Value;
    private readonly OwnPendingEntries _own = new(queue, heartbeat, options.Value.ReclaimIdleTime);

    /// <summary>The attempts' own view (content, keys, recording the outcome): the reads may succeed while these fail.</summary>
    private readonly Outage _attempts = new("Delivery attempts", logger, resilience.Value, time);

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        await queue.EnsureGroupsAsync(stoppingToken);
        var channel = Channel.CreateBounded<LeasedEntry>(new BoundedChannelOptions(_options.ReadBatchSize)
        {
            FullMode = BoundedChannelFullMode.Wait, SingleWriter = true,
        });
        // Graceful stop (reliability.md T94): once stopping, no new attempt starts, but those in flight get ShutdownGrace to
        // finish and record their outcome; only after it are they cancelled and left pending for another worker.
        using var attempts = new CancellationTokenSource();
        using var grace = stoppingToken.Register(() => attempts.CancelAfter(_options.ShutdownGrace));
        var consumers = Enumerable.Range(0, _options.Concurrency).Select(_ => ConsumeAsync(channel.Reader, stoppingToken, attempts.Token)).ToList();
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
            catch (Exception e) when (Outage.IsTransient(e))
            {
                Outage.Failed(e); // the leases run out by themselves
            }
        }
    }

    private async Task ReadLoopAsync(ChannelWriter<LeasedEntry> writer, CancellationToken stoppingToken)
    {
        var poll = new AdaptivePoll(_options.MaxPollDelay, _options.ReclaimIdleTime / 2, reclaimAtStart: false);
        var lastIdleSweep = Stopwatch.GetTimestamp();
        while (!stoppingToken.IsCancellationRequested)
        {
            var reclaim = poll.ReclaimDue();
            var read = 0;
            Exception? failure = null;
            HashSet<string>? live = null;
            try
            {
                // At each lease refresh, entries that dead consumers left pending on our shards are taken over.
                live = await leases.RefreshAsync(_consumer, stoppingToken) ? await leases.LiveWorkersAsync(stoppingToken) : null;
            }
            catch (Exception e) when (Outage.IsTransient(e))
            {
                failure = e;
            }

            var owned = leases.Owned.ToList();
            if (owned.Count > 0 && !stoppingToken.IsCancellationRequested)
            {
                try
                {
                    var entries = await queue.ReadAsync(owned, _consumer, _options.ReadBatchSize, stoppingToken);
                    read += await HandOverAsync(writer, entries, stoppingToken);
                }
                catch (Exception e) when (Outage.IsTransient(e))
                {
                    failure = e;
                }
            }

            foreach (var shard in live is null && !reclaim ? [] : owned)
            {
                if (stoppingToken.IsCancellationRequested)
                {
                    break;
                }

                try
                {
                    List<LeasedEntry> entries = [];
                    if (live is not null)
                    {
                        var orphaned = await queue.ClaimFromDeadAsync(shard, _consumer, live, _options.ReadBatchSize * 16, stoppingToken);
                        if (orphaned.Count > 0)
                        {
                            DeliveryLog.Reclaimed(logger, orphaned.Count, shard);
                            entries.AddRange(orphaned);
                        }
                    }

                    if (reclaim)
                    {
                        var claimed = await queue.ClaimAsync(shard, _consumer, _options.ReclaimIdleTime, _options.ReadBatchSize, stoppingToken);
                        if (claimed.Count > 0)
                        {
                            DeliveryLog.Reclaimed(logger, claimed.Count, shard);
                            entries.AddRange(claimed);
                        }
                    }

                    read += await HandOverAsync(writer, entries, stoppingToken);
                }
                catch (Exception e) when (Outage.IsTransient(e))
                {
                    failure = e;
                }
            }

            if (failure is not null)
            {
                await Outage.PauseAfterAsync(failure, stoppingToken); // logged once per outage, not per shard and round
                continue;
            }

            if (Outage.IsDown)
            {
                _own.TakeBackAfter(TimeSpan.Zero); // a read whose reply was lost left its entries pending for us
            }

            Outage.Succeeded();
            if (_own.TakeBackDue && owned.Count > 0 && !stoppingToken.IsCancellationRequested)
            {
                try
                {
                    read += await HandOverAsync(writer, await _own.TakeBackAsync(_consumer, owned, _options.ReadBatchSize * 16, stoppingToken), stoppingToken);
                }
                catch (Exception e) when (Outage.IsTransient(e))
                {
                    await Outage.PauseAfterAsync(e, stoppingToken);
                    continue;
                }
            }

            if (reclaim || Stopwatch.GetElapsedTime(lastIdleSweep) > _options.IdleSweepInterval)
            {
                pool.CloseIdle();
                lastIdleSweep = Stopwatch.GetTimestamp();
            }

            await _own.TouchInHandAsync(_consumer, stoppingToken); // a slow attempt is not taken over beside itself (T88)
            var delay = poll.Next(read > 0);
            if (read == 0)
            {
                await Task.Delay(delay, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task<int> HandOverAsync(ChannelWriter<LeasedEntry> writer, IReadOnlyList<LeasedEntry> entries, CancellationToken stoppingToken)
    {
        var handed = 0;
        foreach (var entry in entries)
        {
            if (_own.Started(entry)) // an entry in hand already (reclaimed after an outage) is not attempted twice at once
            {
                await writer.WriteAsync(entry, stoppingToken);
                handed++;
            }
        }

        return handed;
    }

    private async Task ConsumeAsync(ChannelReader<LeasedEntry> reader, CancellationToken stoppingToken, CancellationToken attemptToken)
    {
        await foreach (var leased in reader.ReadAllAsync(CancellationToken.None))
        {
            try
            {
                if (stoppingToken.IsCancellationRequested)
                {
                    continue; // Left pending: another worker (or this one after restart) reclaims it.
                }

                await DeliverAsync(leased, attemptToken);
            }
            finally
            {
                _own.Finished(leased);
            }
        }
    }

    private async Task DeliverAsync(LeasedEntry leased, CancellationToken stoppingToken)
    {
        var entry = leased.Entry;
        using var scope = DeliveryLog.MessageScope(logger, entry.Id, entry.TenantId);
        using var activity = SendGatewayMetrics.Activities.StartActivity("deliver", ActivityKind.Consumer, entry.TraceParent);
        activity?.SetTag("sendgateway.message_id", entry.Id);
        DeliveryOutcome outcome;
        BatchContent? content;
        try
        {
            (outcome, content) = await pipeline.RunAsync(entry, leased.Reclaimed, stoppingToken);
            if (outcome.DeferFor is { } deferFor)
            {
                await handOver.DeferAsync(leased, outcome, deferFor, stoppingToken); // back on the schedule, or to the lane of the pool it waits for
                SendGatewayMetrics.Outcomes.Add(1, new KeyValuePair<string, object?>("type", "deferred"));
                return;
            }
        }
        catch (Exception e) when (Outage.IsTransient(e) || stoppingToken.IsCancellationRequested)
        {
            if (!stoppingToken.IsCancellationRequested)
            {
                // Infrastructure trouble, not the recipient's: no event; pending until this worker takes it back (T114).
                DeliveryLog.AttemptAbandoned(logger, entry.Id, e.GetType().Name);
                _own.TakeBackAfter(_attempts.Failed(e));
            }

            return;
        }
        catch (Exception e)
        {
            // Not understood (a bug, poison content): temporary, retried with the back-off; dead-lettered after
            // Delivery:MaxUnexpectedFailures (reliability.md T89, T113), never dropped on a first throw.
            try
            {
                if (await unexpected.HandleAsync(leased, e, stoppingToken) is not { } retry)
                {
                    return; // in the dead letters
                }

                (leased, outcome, content) = (retry.Leased, retry.Outcome, null);
            }
            catch (Exception f) when (Outage.IsTransient(f) || stoppingToken.IsCancellationRequested)
            {
                if (!stoppingToken.IsCancellationRequested)
                {
                    _attempts.Failed(f);
                }

                return; // stays pending: reclaimed later, and counted again then
            }
        }

        await RecordAsync(leased, outcome, content, stoppingToken);
    }

    private async Task RecordAsync(LeasedEntry leased, DeliveryOutcome outcome, BatchContent? content, CancellationToken stoppingToken)
    {
        var entry = leased.Entry;
        var now = Time.GetUtcNow();
        content ??= new BatchContent { FromEmail = "unknown@invalid" };
        var (events, retry, retryAt) = OutcomeEvents.For(entry, outcome, content, now, queue, schedule);
        // Through a Redis outage the outcome is retried here, with the back-off, for up to half the reclaim time (after
        // that another worker may take the entry over): an attempt already made is recorded instead of made again.
        var giveUpAt = Stopwatch.GetTimestamp() + (long)(_options.ReclaimIdleTime.TotalSeconds / 2 * Stopwatch.Frequency);
        while (true)
        {
            try
            {
                await queue.CompleteAsync(leased, events, retry, retryAt, stoppingToken);
                journal.Recorded(entry.Id);
                _attempts.Succeeded();
                SendGatewayMetrics.Outcomes.Add(1, new KeyValuePair<string, object?>("type", outcome.Type));
                DeliveryLog.Outcome(logger, entry.Id, events[0].RecipientDomain, outcome.Type, outcome.Smtp?.Code, outcome.Smtp?.EnhancedCode);
                return;
            }
            catch (Exception e) when (Outage.IsTransient(e) && !stoppingToken.IsCancellationRequested)
            {
                var pause = _attempts.Failed(e);
                if (Stopwatch.GetTimestamp() + (long)(pause.TotalSeconds * Stopwatch.Frequency) > giveUpAt)
                {
                    _own.TakeBackAfter(pause); // not acknowledged: taken back, and the journal (if it was written) prevents a resend
                    return;
                }

                await Task.Delay(pause, Time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }
}
