using Npgsql;
using SendGateway.Server.EventContract;
using SendGateway.Server.Queue;
using StackExchange.Redis;

namespace SendGateway.Server.Events;

/// <summary>
/// Stores a batch and acknowledges it; when PostgreSQL refuses the batch for its data (SQLSTATE class 22, a data
/// exception such as a NUL byte in text; 23, an integrity constraint; 54, a program limit such as an oversized value),
/// halves it until each refused event stands alone, storing and acknowledging every part it accepts. An event refused
/// on its own stays pending and is read again, until its delivery counter reaches
/// <see cref="EventsOptions.MaxRefusedAttempts"/>; then it goes to the dead letters with PostgreSQL's reason
/// (reliability.md T89). An outage is no refusal: it escapes to the loop, which retries the whole batch.
/// </summary>
internal sealed class RefusedEventIsolation(
    Func<IReadOnlyList<EventRecord>, CancellationToken, Task> write, EventStreams streams, DeadLetters deadLetters, int maxAttempts, ILogger logger)
{
    private const int MaxReasonLength = 300;

    /// <summary>PostgreSQL refused the data itself: trying the same rows again after a pause would fail again.</summary>
    public static bool IsRefusal(Exception e) => e is PostgresException { SqlState: ['2', '2', ..] or ['2', '3', ..] or ['5', '4', ..] };

    /// <summary>
    /// Stores <paramref name="events"/> (read from the stream entries <paramref name="entries"/>, in the same order) and
    /// acknowledges what was stored; returns how many were stored. A shard whose refused entry stays pending is set in
    /// <paramref name="leftPending"/>, so its own pending entries are read first next round.
    /// </summary>
    public async Task<int> StoreAsync(EventRecord[] events, (int Shard, RedisValue Id)[] entries, bool[] leftPending, CancellationToken cancellationToken)
    {
        try
        {
            await write(events, cancellationToken);
        }
        catch (PostgresException e) when (IsRefusal(e))
        {
            EventsLog.BatchRefused(logger, events.Length, e.SqlState);
            return await SplitAsync(events, entries, e, leftPending, cancellationToken);
        }

        await AcknowledgeAsync(events, entries, cancellationToken);
        return events.Length;
    }

    /// <summary>A refused part: an event alone is handled as refused, a larger part is halved and each half tried.</summary>
    private async Task<int> SplitAsync(
        ArraySegment<EventRecord> events, ArraySegment<(int Shard, RedisValue Id)> entries, PostgresException refusal, bool[] leftPending, CancellationToken cancellationToken)
    {
        if (events.Count == 1)
        {
            await RefusedAsync(entries[0], refusal, leftPending, cancellationToken);
            return 0;
        }

        var stored = 0;
        var half = events.Count / 2;
        foreach (var (from, count) in new[] { (0, half), (half, events.Count - half) })
        {
            var part = events.Slice(from, count);
            var ids = entries.Slice(from, count);
            try
            {
                await write(part, cancellationToken);
            }
            catch (PostgresException e) when (IsRefusal(e))
            {
                stored += await SplitAsync(part, ids, e, leftPending, cancellationToken);
                continue;
            }

            await AcknowledgeAsync(part, ids, cancellationToken);
            stored += count;
        }

        return stored;
    }

    private async Task RefusedAsync((int Shard, RedisValue Id) entry, PostgresException refusal, bool[] leftPending, CancellationToken cancellationToken)
    {
        var reads = await streams.DeliveryCountAsync(entry.Shard, entry.Id, cancellationToken);
        if (reads < maxAttempts)
        {
            EventsLog.EventRefused(logger, entry.Id!, entry.Shard, refusal.SqlState, reads, maxAttempts);
            leftPending[entry.Shard] = true;
            return;
        }

        // The reason names PostgreSQL's code and its message up to any value it quotes after a colon (the panel lists
        // reasons, never content: 22P02 reads 'invalid input syntax for type …: "<value>"'); the log only the code.
        var text = refusal.MessageText.IndexOf(": ", StringComparison.Ordinal) is var colon and > 0 ? refusal.MessageText[..colon] : refusal.MessageText;
        var reason = $"refused by PostgreSQL: {refusal.SqlState} {text}";
        await deadLetters.MoveAsync(entry.Shard, DeadLetters.EventsSource, entry.Id, reason.Length > MaxReasonLength ? reason[..MaxReasonLength] : reason, cancellationToken);
        EventsLog.RefusedDeadLettered(logger, entry.Id!, entry.Shard, refusal.SqlState, reads);
    }

    /// <summary>Acknowledges stored events (the queue drops the accepted records of the messages whose first event they are).</summary>
    private async Task AcknowledgeAsync(ArraySegment<EventRecord> events, ArraySegment<(int Shard, RedisValue Id)> entries, CancellationToken cancellationToken)
    {
        await Task.WhenAll(entries.Zip(events).GroupBy(e => e.First.Shard).Select(shard =>
            streams.AcknowledgeAsync(shard.Key, [.. shard.Select(e => e.First.Id)], shard.Select(e => e.Second), cancellationToken)));
    }
}
