using System.Collections.Concurrent;
using System.Diagnostics;
using SendGateway.Server.Queue;

namespace SendGateway.Server.Delivery;

/// <summary>
/// One worker's entries in hand (read and not yet finished), and the take-back of the others it holds pending (reliability.md
/// T114): an attempt a Redis or PostgreSQL failure cut short, an outcome that could not be recorded, or a read whose reply
/// was lost leaves its entry pending for this live worker, which no other worker reclaims before the reclaim time (15 min).
/// Once the store answers again (after the attempts' back-off, or when the reads recover), the worker claims them back at
/// once, skipping those still in hand; they come back as reclaimed, so the delivered journal keeps a 250 from being sent twice.
/// The entries in hand are touched every third of the reclaim time (<see cref="PendingHeartbeat"/>), so an attempt that
/// lasts longer than the reclaim time (a tarpit) is not taken over and made a second time beside it (T88).
/// </summary>
internal sealed class OwnPendingEntries(OutboundQueue queue, PendingHeartbeat heartbeat, TimeSpan reclaimIdleTime)
{
    private const long None = long.MaxValue;
    private readonly ConcurrentDictionary<(int Shard, string Id), byte> _inHand = new();
    private long _takeBackAt = None;
    private long _touchedAt = Stopwatch.GetTimestamp();

    /// <summary>
    /// An entry goes to a consumer (before it is handed over); false when it is in hand already. After an outage longer
    /// than the reclaim time, the heartbeat could not touch the entries in hand, so the reclaim (XAUTOCLAIM, which takes
    /// this consumer's own idle entries too) returns them: handing one over again would make a second attempt beside the
    /// first, before its 250 is journaled.
    /// </summary>
    public bool Started(LeasedEntry leased) => _inHand.TryAdd((leased.Shard, leased.StreamId.ToString()), 0);

    /// <summary>The attempt is over, whether its outcome was recorded or not.</summary>
    public void Finished(LeasedEntry leased) => _inHand.TryRemove((leased.Shard, leased.StreamId.ToString()), out _);

    /// <summary>Some entry was left pending: take back after <paramref name="pause"/> (the store's back-off; a later failure pushes it on).</summary>
    public void TakeBackAfter(TimeSpan pause) =>
        Interlocked.Exchange(ref _takeBackAt, Stopwatch.GetTimestamp() + (long)(pause.TotalSeconds * Stopwatch.Frequency));

    public bool TakeBackDue => Stopwatch.GetTimestamp() >= Interlocked.Read(ref _takeBackAt);

    /// <summary>
    /// Claims back the pending entries of <paramref name="shards"/> held by <paramref name="consumer"/> and not in hand; up to
    /// <paramref name="count"/> looked at per shard (due again at once when a shard had more). Due again if the store fails.
    /// </summary>
    public async Task<IReadOnlyList<LeasedEntry>> TakeBackAsync(string consumer, IEnumerable<int> shards, int count, CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _takeBackAt, None);
        var taken = new List<LeasedEntry>();
        try
        {
            foreach (var shard in shards)
            {
                var claimed = await queue.ClaimOwnAsync(shard, consumer, id => !_inHand.ContainsKey((shard, id.ToString())), count, cancellationToken);
                taken.AddRange(claimed);
                if (claimed.Count >= count)
                {
                    TakeBackAfter(TimeSpan.Zero);
                }
            }
        }
        catch (Exception e) when (Storage.Outage.IsTransient(e))
        {
            TakeBackAfter(TimeSpan.Zero); // the caller pauses with its back-off first
            if (taken.Count == 0)
            {
                throw;
            }
        }

        return taken;
    }

    /// <summary>
    /// Every third of the reclaim time, resets the idle time of the entries in hand (a failed touch is tried at the next
    /// round, still well inside the reclaim time).
    /// </summary>
    public async Task TouchInHandAsync(string consumer, CancellationToken cancellationToken)
    {
        if (Stopwatch.GetElapsedTime(Interlocked.Read(ref _touchedAt)) < reclaimIdleTime / 3)
        {
            return;
        }

        try
        {
            foreach (var shard in _inHand.Keys.GroupBy(k => k.Shard))
            {
                await heartbeat.TouchAsync(shard.Key, consumer, [.. shard.Select(k => (StackExchange.Redis.RedisValue)k.Id)], cancellationToken);
            }

            Interlocked.Exchange(ref _touchedAt, Stopwatch.GetTimestamp());
        }
        catch (Exception e) when (Storage.Outage.IsTransient(e))
        {
            // The reads meet the same outage and pause; the next round touches again.
        }
    }
}
