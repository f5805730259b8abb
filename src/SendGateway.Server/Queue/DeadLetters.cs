using System.Text.Json;
using Microsoft.Extensions.Options;
using SendGateway.Server.EventContract;
using StackExchange.Redis;

namespace SendGateway.Server.Queue;

/// <summary>
/// The owner of the dead-letter streams (<c>sg:dead:{sN}</c>, reliability.md T89): an entry of a shard's queue or event
/// stream that cannot be decoded is moved there (acknowledged and deleted from its stream in the same call) instead of
/// being dropped silently or left pending for ever; so is a queue entry whose attempts threw what the worker does not
/// understand <c>Delivery:MaxUnexpectedFailures</c> times. A queue entry whose message is known is moved with a
/// <c>dropped</c> event (reason <c>internal_error</c>) appended in the same call, so its sender learns of it through events
/// and webhooks; a replay may later deliver it (an operator's override: <c>ok</c> may follow that <c>dropped</c>).
/// Operators list, replay or discard them (<see cref="DeadLettersApi"/>).
/// Nothing is trimmed by count: past <see cref="QueueOptions.DeadLetterMaxLength"/> in a shard every new one is still kept,
/// and counted on <c>sendgateway.dead_letters.over_cap</c>, logged (once per shard until it is back under) and reported
/// by the <c>dead_letters</c> health check (<see cref="DeadLettersHealthCheck"/>). By age they go: the retention job
/// deletes those older than <see cref="QueueOptions.DeadLetterRetention"/> (<see cref="ExpireAsync"/>).
/// </summary>
internal sealed class DeadLetters(IConnectionMultiplexer redis, IOptions<QueueOptions> options, TimeProvider time, ILogger<DeadLetters> logger)
{
    public const string QueueSource = "queue";
    public const string EventsSource = "events";
    private const int MaxValueLength = 4096;
    private const int ExpiryPage = 500;

    public static string Key(int shard) => $"sg:dead:{{s{shard}}}";

    /// <summary>Shards whose dead letters are past the cap, as this node last saw them (the warning is logged once per crossing).</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, bool> _overCap = new();

    public Task MoveAsync(int shard, string source, RedisValue streamId, string reason, CancellationToken cancellationToken) =>
        MoveAsync(shard, source, streamId, reason, RedisValue.EmptyString, null, cancellationToken);

    /// <summary>
    /// Moves the entry as <see cref="MoveAsync(int, string, RedisValue, string, CancellationToken)"/> does, with
    /// <paramref name="replacement"/> (when not empty) kept instead of its <c>e</c> field (a queue entry whose failure
    /// count is reset, so that a replay gets every try again) and <paramref name="dropped"/> (when given) appended to the
    /// shard's event stream in the same atomic call: the event exists if and only if the dead letter does.
    /// </summary>
    public async Task MoveAsync(int shard, string source, RedisValue streamId, string reason, RedisValue replacement, EventRecord? dropped, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var (stream, group) = source == EventsSource ? (QueueKeys.Events(shard), QueueKeys.IngestGroup) : (QueueKeys.Stream(shard), QueueKeys.DeliveryGroup);
        var length = (long)await redis.GetDatabase().ScriptEvaluateAsync(DeadLetterScripts.Move, [stream, Key(shard), QueueKeys.Events(shard)],
            [group, streamId, source, reason, time.GetUtcNow().ToUnixTimeMilliseconds(), replacement.IsNull ? RedisValue.EmptyString : replacement,
             dropped is null ? RedisValue.EmptyString : JsonSerializer.Serialize(dropped, EventJsonContext.Default.EventRecord)]);
        if (length == 0)
        {
            return; // gone already (another consumer moved or completed it)
        }

        Common.SendGatewayMetrics.DeadLettered.Add(1, new KeyValuePair<string, object?>("source", source));
        var cap = options.Value.DeadLetterMaxLength;
        if (length <= cap)
        {
            _overCap.TryRemove(shard, out _);
            return;
        }

        Common.SendGatewayMetrics.DeadLettersOverCap.Add(1, new KeyValuePair<string, object?>("shard", shard));
        if (_overCap.TryAdd(shard, true))
        {
            QueueLog.DeadLettersOverCap(logger, shard, length, cap);
        }
    }

    /// <summary>How many dead letters each shard holds (one pipelined XLEN per shard).</summary>
    public async Task<long[]> CountAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var batch = redis.GetDatabase().CreateBatch();
        var lengths = Enumerable.Range(0, QueueKeys.AllShards(options.Value)).Select(s => batch.StreamLengthAsync(Key(s))).ToList();
        batch.Execute();
        return await Task.WhenAll(lengths);
    }

    /// <summary>The newest dead letters first, up to <paramref name="limit"/> over the shards asked for.</summary>
    public async Task<IReadOnlyList<DeadLetter>> ListAsync(int? shard, int limit, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var all = new List<DeadLetter>();
        foreach (var s in shard is { } one ? [one] : Enumerable.Range(0, QueueKeys.AllShards(options.Value)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            all.AddRange((await db.StreamRangeAsync(Key(s), "-", "+", limit, Order.Descending)).Select(e => ToDeadLetter(s, e)));
        }

        return [.. all.OrderByDescending(d => d.At).Take(limit)];
    }

    /// <summary>Puts the entry back on the stream it came from; the new entry id, or null when there is no such dead letter.</summary>
    public async Task<string?> ReplayAsync(int shard, string id, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var result = await redis.GetDatabase().ScriptEvaluateAsync(DeadLetterScripts.Replay, [Key(shard), QueueKeys.Stream(shard), QueueKeys.Events(shard)], [id]);
        return result.IsNull ? null : (string?)result;
    }

    public async Task<bool> DeleteAsync(int shard, string id, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return await redis.GetDatabase().StreamDeleteAsync(Key(shard), [id]) == 1;
    }

    /// <summary>
    /// Deletes the dead letters moved before <paramref name="cutoff"/> (their <c>dl:at</c>, written by the service's
    /// clock), oldest first in each shard, stopping at the first younger one; a queue entry's share of its batch body is
    /// released as its completion would have (the body's own TTL bounds it otherwise). The retention job calls it with
    /// <see cref="QueueOptions.DeadLetterRetention"/>: a dead letter keeps the recipient's address, and a replay of one
    /// older than that would find its body gone anyway. Returns how many were deleted.
    /// </summary>
    public async Task<long> ExpireAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var before = cutoff.ToUnixTimeMilliseconds();
        long expired = 0;
        for (var shard = 0; shard < QueueKeys.AllShards(options.Value); shard++)
        {
            var young = false;
            while (!young)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var page = await db.StreamRangeAsync(Key(shard), "-", "+", ExpiryPage);
                var old = page.TakeWhile(e => !long.TryParse((string?)e["dl:at"], out var at) || at < before).ToList();
                young = old.Count < page.Length || page.Length < ExpiryPage;
                foreach (var entry in old)
                {
                    if (await db.StreamDeleteAsync(Key(shard), [entry.Id]) == 1)
                    {
                        expired++;
                        await ReleaseBodyAsync(db, shard, entry);
                    }
                }
            }
        }

        return expired;
    }

    /// <summary>Takes a deleted queue entry's share of its batch body (the last share deletes the body).</summary>
    private static async Task ReleaseBodyAsync(IDatabase db, int shard, StreamEntry entry)
    {
        string? batchId;
        try
        {
            batchId = entry["dl:source"] == QueueSource && !entry["e"].IsNullOrEmpty
                ? JsonSerializer.Deserialize(((ReadOnlyMemory<byte>)entry["e"]).Span, QueueJsonContext.Default.QueueEntry)?.BatchId
                : null;
        }
        catch (JsonException)
        {
            batchId = null; // undecodable: its body (if any) goes with its TTL
        }

        if (batchId is not null && await db.HashIncrementAsync(QueueKeys.Body(shard, batchId), "r", -1) <= 0)
        {
            await db.KeyDeleteAsync(QueueKeys.Body(shard, batchId));
        }
    }

    private static DeadLetter ToDeadLetter(int shard, StreamEntry entry)
    {
        string Meta(string name) => entry.Values.FirstOrDefault(v => v.Name == name).Value.ToString();
        var fields = entry.Values.Where(v => !((string)v.Name!).StartsWith("dl:", StringComparison.Ordinal))
            .GroupBy(v => (string)v.Name!)
            .ToDictionary(g => g.Key, g => g.First().Value.ToString() is var value && value.Length > MaxValueLength ? value[..MaxValueLength] : value);
        var at = long.TryParse(Meta("dl:at"), out var ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : DateTimeOffset.MinValue;
        return new DeadLetter(shard, entry.Id!, Meta("dl:source"), Meta("dl:stream_id"), Meta("dl:reason"), at, fields);
    }
}
