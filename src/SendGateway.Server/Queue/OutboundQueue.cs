using System.Text.Json;
using Microsoft.Extensions.Options;
using SendGateway.Server.EventContract;
using StackExchange.Redis;

namespace SendGateway.Server.Queue;

/// <summary>The sharded Redis queue (architecture §3): enqueue, lease, complete, reclaim, schedule.</summary>
internal sealed class OutboundQueue(IConnectionMultiplexer redis, IOptions<QueueOptions> options, QueueCipher cipher, DeadLetters deadLetters, QueueWriter writer, TimeProvider time)
{
    private readonly int _shards = QueueKeys.AllShards(options.Value);
    private readonly ShardCompletions _completions = new(() => redis.GetDatabase(), QueueKeys.AllShards(options.Value), options.Value.MaxCompletionBatch);
    private bool? _cluster;

    /// <summary>All shards, of every lane (<see cref="QueueOptions.PoolLanes"/>): what walks the queue walks these.</summary>
    public int Shards => _shards;

    /// <summary>Shards per lane (<see cref="QueueOptions.Shards"/>); a shard's lane is <see cref="LaneOf"/> (0: the default route's).</summary>
    public int LaneShards => options.Value.Shards;

    public int LaneOf(int shard) => shard / LaneShards;

    /// <summary>The shard of a recipient domain on a lane (the default route's unless told): one destination always meets one shard there.</summary>
    public int ShardOf(string recipientDomain, int lane = 0) => QueueKeys.ShardOf(recipientDomain, LaneShards, lane);

    private IDatabase Db => redis.GetDatabase();

    /// <summary>Creates the consumer groups (and streams) of every shard; safe to call on every start.</summary>
    public async Task EnsureGroupsAsync(CancellationToken cancellationToken)
    {
        for (var shard = 0; shard < _shards; shard++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await CreateGroupAsync(QueueKeys.Stream(shard), QueueKeys.DeliveryGroup);
            await CreateGroupAsync(QueueKeys.Events(shard), QueueKeys.IngestGroup);
        }
    }

    private async Task CreateGroupAsync(string key, string group)
    {
        try
        {
            await Db.StreamCreateConsumerGroupAsync(key, group, StreamPosition.Beginning, createStream: true);
        }
        catch (RedisServerException e) when (e.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
            // Already there.
        }
    }

    /// <summary>
    /// Stores the content once per shard, enqueues every recipient and appends its <c>injected</c> event in one atomic
    /// call. On a Redis Cluster a script may only touch one slot, so a batch spanning shards is one call per shard (each
    /// atomic); when one fails, the shards already written are rolled back (<see cref="EnqueueRollback"/>) and the caller
    /// sees the error. <paramref name="held"/> records are written in the same script on a single Redis; on a cluster
    /// (other slots) right after the batch, so there a process killed in between leaves the batch without them, and a
    /// keyed batch's <paramref name="once"/> marker, written in each shard's script, is what its retry finds
    /// (<see cref="FindOnceAsync"/>). With <c>MinReplicasToAck</c>, replicas confirm the write before this returns (<see cref="ReplicaAck"/>).
    /// </summary>
    public Task EnqueueAsync(BatchContent content, IReadOnlyList<EnqueueItem> items, CancellationToken cancellationToken) =>
        writer.EnqueueAsync(content, items, [], null, cancellationToken);

    /// <inheritdoc cref="EnqueueAsync(BatchContent, IReadOnlyList{EnqueueItem}, CancellationToken)"/>
    public Task EnqueueAsync(BatchContent content, IReadOnlyList<EnqueueItem> items, IReadOnlyList<HeldRecord> held, EnqueueOnce? once, CancellationToken cancellationToken) =>
        writer.EnqueueAsync(content, items, held, once, cancellationToken);

    /// <summary>The markers a keyed enqueue (<paramref name="onceId"/>) left on <paramref name="shards"/>; always none on a single Redis.</summary>
    public Task<IReadOnlyDictionary<int, EnqueueMarker>> FindOnceAsync(string onceId, IEnumerable<int> shards, CancellationToken cancellationToken) =>
        writer.FindAsync(onceId, shards, cancellationToken);

    private bool IsCluster => _cluster ??= redis.GetServers().Any(s => s.ServerType == ServerType.Cluster);

    /// <summary>One event onto a given shard's stream (an open or click names the shard of its message's other events).</summary>
    public async Task AppendEventAsync(int shard, EventRecord record, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await Db.StreamAddAsync(QueueKeys.Events(Math.Clamp(shard, 0, _shards - 1)), "e", JsonSerializer.Serialize(record, EventJsonContext.Default.EventRecord));
    }

    /// <summary>Appends events that belong to no queue entry (drops at accept, asynchronous bounces) to their shards' event streams.</summary>
    public async Task AppendEventsAsync(IReadOnlyList<EventRecord> events, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var batch = Db.CreateBatch();
        var ttl = (long)options.Value.AcceptedRecordTtl.TotalMilliseconds;
        var writes = events.Select(e => (Shard: ShardOf(e.RecipientDomain), Event: e, Json: JsonSerializer.Serialize(e, EventJsonContext.Default.EventRecord)))
            .Select(w => w.Event.Sequence == 1 // a message's first event (dropped at accept): its accepted record too
                ? batch.ScriptEvaluateAsync(QueueScripts.AppendFirst, [QueueKeys.Events(w.Shard), QueueKeys.Accepted(w.Shard, w.Event.MessageId)], [w.Json, ttl])
                : (Task)batch.StreamAddAsync(QueueKeys.Events(w.Shard), "e", w.Json))
            .ToList();
        batch.Execute();
        await Task.WhenAll(writes);
    }

    public async Task<IReadOnlyList<LeasedEntry>> ReadAsync(int shard, string consumer, int count, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var entries = await Db.StreamReadGroupAsync(QueueKeys.Stream(shard), QueueKeys.DeliveryGroup, consumer, StreamPosition.NewMessages, count);
        return await DecodeAsync(shard, entries, reclaimed: false, cancellationToken);
    }

    /// <summary>
    /// New entries of several shards, up to <paramref name="count"/> from each: one XREADGROUP over all their streams on a
    /// single Redis (a round trip per poll instead of one per shard); on a Redis Cluster the shards live in different
    /// slots, so one call per shard.
    /// </summary>
    public async Task<IReadOnlyList<LeasedEntry>> ReadAsync(IReadOnlyList<int> shards, string consumer, int count, CancellationToken cancellationToken)
    {
        if (shards.Count == 1 || IsCluster)
        {
            var each = new List<LeasedEntry>();
            foreach (var shard in shards)
            {
                each.AddRange(await ReadAsync(shard, consumer, count, cancellationToken));
            }

            return each;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var positions = shards.Select(s => new StreamPosition(QueueKeys.Stream(s), StreamPosition.NewMessages)).ToArray();
        var streams = await Db.StreamReadGroupAsync(positions, QueueKeys.DeliveryGroup, consumer, count);
        var list = new List<LeasedEntry>();
        for (var i = 0; i < streams.Length; i++)
        {
            if (streams[i].Entries.Length > 0)
            {
                var shard = shards[Array.FindIndex(positions, p => p.Key == streams[i].Key)];
                list.AddRange(await DecodeAsync(shard, streams[i].Entries, reclaimed: false, cancellationToken));
            }
        }

        return list;
    }

    /// <summary>Takes over entries another consumer has held longer than <paramref name="minIdle"/> (a dead worker's).</summary>
    public async Task<IReadOnlyList<LeasedEntry>> ClaimAsync(int shard, string consumer, TimeSpan minIdle, int count, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var result = await Db.StreamAutoClaimAsync(QueueKeys.Stream(shard), QueueKeys.DeliveryGroup, consumer, (long)minIdle.TotalMilliseconds, "0-0", count);
        return await DecodeAsync(shard, result.ClaimedEntries, reclaimed: true, cancellationToken);
    }

    /// <summary>Takes over the pending entries of consumers that are no longer alive (a dead worker's), whatever their idle time.</summary>
    public Task<IReadOnlyList<LeasedEntry>> ClaimFromDeadAsync(int shard, string consumer, IReadOnlySet<string> live, int count, CancellationToken cancellationToken) =>
        ClaimPendingAsync(shard, consumer, RedisValue.Null, p => (string)p.ConsumerName! != consumer && !live.Contains((string)p.ConsumerName!), count, cancellationToken);

    /// <summary>Takes back at once this consumer's own pending entries it no longer works on (<paramref name="abandoned"/>), as reclaimed: the delivered journal is consulted.</summary>
    public Task<IReadOnlyList<LeasedEntry>> ClaimOwnAsync(int shard, string consumer, Func<RedisValue, bool> abandoned, int count, CancellationToken cancellationToken) =>
        ClaimPendingAsync(shard, consumer, consumer, p => abandoned(p.MessageId), count, cancellationToken);

    /// <summary>XPENDING (of one consumer, or of all when <paramref name="of"/> is null), then XCLAIM of those taken, with no minimum idle time.</summary>
    private async Task<IReadOnlyList<LeasedEntry>> ClaimPendingAsync(int shard, string consumer, RedisValue of, Func<StreamPendingMessageInfo, bool> take, int count, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var pending = await Db.StreamPendingMessagesAsync(QueueKeys.Stream(shard), QueueKeys.DeliveryGroup, count, of);
        var ids = pending.Where(take).Select(p => p.MessageId).ToArray();
        if (ids.Length == 0)
        {
            return [];
        }

        var claimed = await Db.StreamClaimAsync(QueueKeys.Stream(shard), QueueKeys.DeliveryGroup, consumer, 0, ids);
        return await DecodeAsync(shard, claimed, reclaimed: true, cancellationToken);
    }

    /// <summary>A copy as sent, sealed for its way through the event stream (the message id is the associated data).</summary>
    public string SealSentContent(byte[] mime, string messageId) => Convert.ToBase64String(cipher.Seal(mime, messageId));

    public byte[] OpenSentContent(string sealedContent, string messageId) => cipher.Open(Convert.FromBase64String(sealedContent), messageId);

    /// <summary>The content of a message's batch, read from its recipient's shard on each lane in turn (the caller need not know either).</summary>
    public async Task<BatchContent?> GetMessageContentAsync(string recipient, string batchId, CancellationToken cancellationToken)
    {
        for (var lane = 0; lane < _shards / LaneShards; lane++)
        {
            if (await GetContentAsync(ShardOf(Addresses.DomainOf(recipient), lane), batchId, cancellationToken) is { } content)
            {
                return content;
            }
        }

        return null;
    }

    public async Task<BatchContent?> GetContentAsync(int shard, string batchId, CancellationToken cancellationToken) =>
        (await GetContentAndSharesAsync(shard, batchId, cancellationToken)).Content;

    /// <summary>The batch's content and how many of its entries on this shard still hold a share of it (1: only the reader's).</summary>
    public async Task<(BatchContent? Content, long Shares)> GetContentAndSharesAsync(int shard, string batchId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var values = await Db.HashGetAsync(QueueKeys.Body(shard, batchId), ["c", "m", "r"]);
        if (values[0].IsNull)
        {
            return (null, 0);
        }

        var shares = values[2].TryParse(out long r) ? r : long.MaxValue; // unknown: as if shared
        var json = (byte[])values[0]!;
        if (JsonSerializer.Deserialize(QueueCipher.IsSealed(json) ? cipher.Open(json, batchId) : json, QueueJsonContext.Default.BatchContent) is not { } content)
        {
            return (null, 0);
        }

        if (values[1].IsNull)
        {
            return (content, shares);
        }

        var mime = (byte[])values[1]!;
        return (content with { Mime = QueueCipher.IsSealed(mime) ? cipher.Open(mime, batchId) : mime }, shares);
    }

    /// <summary>
    /// Appends the outcome events, schedules the retry (if any), acknowledges the entry and drops its delivery journal
    /// (no longer needed once acknowledged): atomic, in one call with the other outcomes of its shard recorded at the
    /// same moment (<see cref="ShardCompletions"/>).
    /// </summary>
    public Task CompleteAsync(LeasedEntry leased, IReadOnlyList<EventRecord> events, QueueEntry? retry, DateTimeOffset retryAt, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var serialized = new RedisValue[events.Count];
        for (var i = 0; i < serialized.Length; i++)
        {
            serialized[i] = JsonSerializer.Serialize(events[i], EventJsonContext.Default.EventRecord);
        }

        return _completions.RecordAsync(new Completion(
            leased.Shard, leased.StreamId, leased.Entry.BatchId, leased.Entry.Id,
            retry is null ? string.Empty : JsonSerializer.Serialize(retry, QueueJsonContext.Default.QueueEntry), retryAt.ToUnixTimeMilliseconds(), serialized));
    }

    /// <summary>Cancels a send still waiting for its <c>send_at</c> (on its domain's shard of some lane), recording <paramref name="dropped"/>; false when none waits.</summary>
    public async Task<bool> CancelScheduledAsync(string messageId, string batchId, EventRecord dropped, CancellationToken cancellationToken)
    {
        for (var lane = 0; lane < _shards / LaneShards; lane++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var shard = ShardOf(dropped.RecipientDomain, lane);
            RedisKey[] keys = [QueueKeys.Scheduled(shard), QueueKeys.ScheduledIndex(shard), QueueKeys.Events(shard), QueueKeys.Body(shard, batchId)];
            if ((int)await Db.ScriptEvaluateAsync(QueueScripts.Cancel, keys, [messageId, JsonSerializer.Serialize(dropped, EventJsonContext.Default.EventRecord)]) == 1)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Returns due scheduled entries (retries, <c>send_at</c>) of a shard to its stream.</summary>
    public async Task<int> MoveDueAsync(int shard, int max, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var moved = await Db.ScriptEvaluateAsync(QueueScripts.MoveDue, [QueueKeys.Scheduled(shard), QueueKeys.Stream(shard), QueueKeys.ScheduledIndex(shard)], [time.GetUtcNow().ToUnixTimeMilliseconds(), max]);
        return (int)moved;
    }

    /// <summary>An entry that cannot be decoded goes to the dead letters (T89), never left pending to be reclaimed for ever; with a <c>dropped</c> event when it still names its message.</summary>
    private async Task<List<LeasedEntry>> DecodeAsync(int shard, StreamEntry[] entries, bool reclaimed, CancellationToken cancellationToken)
    {
        var list = new List<LeasedEntry>(entries.Length);
        foreach (var e in entries)
        {
            if (TryDecode(e) is { } entry)
            {
                list.Add(new LeasedEntry(shard, e.Id, entry, reclaimed));
            }
            else
            {
                var dropped = await UndecodableEntry.DroppedAsync(shard, e["e"], (batchId, token) => GetContentAsync(shard, batchId, token), time.GetUtcNow(), cancellationToken);
                await deadLetters.MoveAsync(shard, DeadLetters.QueueSource, e.Id, "undecodable", RedisValue.EmptyString, dropped, cancellationToken);
            }
        }

        return list;
    }

    private static QueueEntry? TryDecode(StreamEntry e)
    {
        var json = e["e"];
        try
        {
            return json.IsNull ? null : JsonSerializer.Deserialize(((ReadOnlyMemory<byte>)json).Span, QueueJsonContext.Default.QueueEntry);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
