using Microsoft.Extensions.Options;
using SendGateway.Server.EventContract;
using SendGateway.Server.Queue;
using SendGateway.Server.Storage;
using StackExchange.Redis;

namespace SendGateway.Server.Events;

/// <summary>
/// Drains every shard's event stream into PostgreSQL in batches (binary COPY), acknowledging a batch only after
/// its transaction committed: while it keeps up, one read over all shards and one transaction a round; when behind,
/// a full batch per shard, shards in parallel; a failed batch stays pending and is read again (inserts are idempotent), and
/// one PostgreSQL refuses for its data is split so the rest is stored (<see cref="RefusedEventIsolation"/>). A Redis or
/// PostgreSQL outage pauses the loop (logged once) and, once the stores answer, this consumer's own pending entries
/// are read first, so nothing waits for <see cref="EventsOptions.ReclaimIdleTime"/>.
/// </summary>
internal sealed class EventIngestWorker(
    EventStreams streams, OutboundQueue queue, DeadLetters deadLetters, EventStore store, PostgresResilience resilience, IOptions<EventsOptions> options,
    IOptions<ResilienceOptions> resilienceOptions, TimeProvider time, ILogger<EventIngestWorker> logger)
    : ResilientBackgroundService("Event ingest", logger, resilienceOptions, time)
{
    private readonly string _consumer = $"{Environment.MachineName}:{Environment.ProcessId}";
    private readonly bool[] _ownPendingFirst = new bool[queue.Shards];
    private int _fullBatches; // in this round: full batches (BatchSize per shard, or a shard's share of it): behind
    private readonly RefusedEventIsolation _refusals = new(
        (events, token) => resilience.Writes.ExecuteAsync(async t => await store.WriteAsync(events, t), token).AsTask(),
        streams, deadLetters, options.Value.MaxRefusedAttempts, logger);

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        await queue.EnsureGroupsAsync(stoppingToken);
        var poll = new AdaptivePoll(options.Value.MaxPollDelay, options.Value.ReclaimIdleTime / 2, reclaimAtStart: true);
        while (!stoppingToken.IsCancellationRequested)
        {
            var reclaim = poll.ReclaimDue();
            // Behind (or reading its own pending entries, or reclaiming): shards in parallel; while one batch waits on
            // PostgreSQL, another is read and encoded. A message's events all live on one shard, so concurrent batches
            // never update the same message, bounce counter or suppression row.
            var written = 0;
            var behind = _fullBatches > 0;
            _fullBatches = 0;
            try
            {
                if (reclaim || behind || Array.IndexOf(_ownPendingFirst, true) >= 0)
                {
                    await Parallel.ForEachAsync(Enumerable.Range(0, queue.Shards), new ParallelOptions { MaxDegreeOfParallelism = options.Value.Parallelism, CancellationToken = stoppingToken },
                        async (shard, token) => Interlocked.Add(ref written, await IngestShardAsync(shard, reclaim, token)));
                }
                else
                {
                    written = await IngestAllAsync(stoppingToken);
                }

                if (written > 0)
                {
                    Outage.Succeeded(); // a batch reached PostgreSQL: both stores answer (an empty round proves nothing)
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (Outage.IsTransient(e))
            {
                Array.Fill(_ownPendingFirst, true); // what was read but not written is read again first
                await Outage.PauseAfterAsync(e, stoppingToken);
                continue;
            }

            var delay = poll.Next(written > 0);
            if (written > 0 && Volatile.Read(ref _fullBatches) == 0 && options.Value.BatchWait > delay)
            {
                delay = options.Value.BatchWait; // let the streams gather larger batches (a full one: behind, no pause)
            }

            await Task.Delay(delay, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>
    /// Keeping up: one read over every shard's stream (a share of <see cref="EventsOptions.BatchSize"/> from each) and
    /// one transaction for all of it, where a batch per shard would pay a transaction's fixed cost (staging tables,
    /// statements, a commit's fsync) per shard for a few events each. A shard that fills its share marks the ingester
    /// behind: the next round reads a full batch per shard, shards in parallel.
    /// </summary>
    private async Task<int> IngestAllAsync(CancellationToken cancellationToken)
    {
        var share = Math.Max(1, options.Value.BatchSize / queue.Shards);
        var read = await streams.ReadNewAsync(queue.Shards, _consumer, share, cancellationToken);
        if (read.Count == 0)
        {
            return 0;
        }

        if (read.Any(r => r.Count >= share))
        {
            Interlocked.Increment(ref _fullBatches);
        }

        var events = new List<EventRecord>(read.Sum(r => r.Events.Length));
        var ids = new List<(int Shard, RedisValue Id)>(events.Capacity);
        foreach (var batch in read)
        {
            await DeadLetterUndecodableAsync(batch, cancellationToken);
            events.AddRange(batch.Events);
            ids.AddRange(batch.Ids.Select(id => (batch.Shard, id)));
        }

        return await StoreAsync(events, ids, cancellationToken);
    }

    private async Task<int> IngestShardAsync(int shard, bool reclaim, CancellationToken cancellationToken)
    {
        var ownPending = _ownPendingFirst[shard] && !reclaim;
        var batch = reclaim
            ? await streams.ReclaimAsync(shard, _consumer, options.Value.ReclaimIdleTime, options.Value.BatchSize, cancellationToken)
            : await streams.ReadAsync(shard, _consumer, ownPending, options.Value.BatchSize, cancellationToken);
        if (batch.Count == 0)
        {
            _ownPendingFirst[shard] &= !ownPending; // this consumer's pending entries are all written
            return 0;
        }

        if (batch.Count >= options.Value.BatchSize)
        {
            Interlocked.Increment(ref _fullBatches);
        }

        await DeadLetterUndecodableAsync(batch, cancellationToken);
        return await StoreAsync([.. batch.Events], [.. batch.Ids.Select(id => (shard, id))], cancellationToken);
    }

    /// <summary>Stores the events and acknowledges their entries (in the same order); what PostgreSQL refuses stays out.</summary>
    private async Task<int> StoreAsync(List<EventRecord> events, List<(int Shard, RedisValue Id)> ids, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return 0;
        }

        var stored = await _refusals.StoreAsync([.. events], [.. ids], _ownPendingFirst, cancellationToken);
        SendGatewayMetrics.EventsIngested.Add(stored);
        return stored;
    }

    /// <summary>Entries that hold no readable event go to the dead letters (acknowledged there), never dropped silently (reliability.md T89).</summary>
    private async Task DeadLetterUndecodableAsync(EventStreamBatch batch, CancellationToken cancellationToken)
    {
        foreach (var id in batch.Undecodable)
        {
            EventsLog.Undecodable(logger, id!, batch.Shard);
            await deadLetters.MoveAsync(batch.Shard, DeadLetters.EventsSource, id, "undecodable", cancellationToken);
        }
    }
}
