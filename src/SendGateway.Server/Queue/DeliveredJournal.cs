using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using SendGateway.Server.EventContract;

namespace SendGateway.Server.Queue;

/// <summary>
/// Remembers that a remote server took a copy (its 250) until the outcome is recorded, so a reclaimed entry is recorded
/// as delivered instead of sent twice (reliability.md §4, T114). Written twice: in Redis (<c>sg:done:{sN}:{id}</c>, for a
/// worker that takes over from a dead one) and on this node, so an attempt whose 250 arrived while Redis was down, and
/// whose outcome could not be recorded before the entry was taken back, is not resent either: the Redis write was lost
/// with the outage, the node's copy was not. The node's copy is dropped once the outcome is recorded, and bounded by
/// <see cref="QueueOptions.MaxNodeJournalEntries"/> (entries older than <see cref="QueueOptions.NodeJournalTime"/> go first).
/// </summary>
internal sealed class DeliveredJournal(
    IConnectionMultiplexer redis, JournalConnection connection, IOptions<QueueOptions> options, TimeProvider time, ILogger<DeliveredJournal> logger)
{
    private readonly ConcurrentDictionary<string, (SmtpDetail? Detail, DateTimeOffset At)> _node = new(StringComparer.Ordinal);

    /// <summary>
    /// Journals a remote acceptance right after the 250, and returns once Redis has confirmed it (on the journal's own
    /// connection, <see cref="JournalConnection"/>) or after <see cref="QueueOptions.DeliveredJournalWriteTimeout"/>: the
    /// outcome is recorded only then, so a worker killed before recording it leaves the 250 journaled (reliability.md T87).
    /// One round trip per delivery. A Redis failure or timeout is logged, not thrown: the node's copy stands in. A write
    /// that timed out may land after the completion dropped the key: it then lives out its TTL unread (only a taken-back
    /// entry is looked up, and an acknowledged one is not taken back).
    /// </summary>
    public async Task MarkAsync(QueueEntry entry, TimeSpan keep, SmtpDetail? detail, CancellationToken cancellationToken)
    {
        Remember(entry, detail);
        try
        {
            await WriteAsync(entry, keep, cancellationToken).WaitAsync(options.Value.DeliveredJournalWriteTimeout, cancellationToken);
        }
        catch (Exception e) when (e is TimeoutException || Storage.Outage.IsTransient(e))
        {
            QueueLog.JournalWriteFailed(logger, entry.Shard, e.GetType().Name);
        }
    }

    private async Task WriteAsync(QueueEntry entry, TimeSpan keep, CancellationToken cancellationToken)
    {
        var database = await connection.DatabaseAsync(cancellationToken);
        await database.StringSetAsync(QueueKeys.Delivered(entry.Shard, entry.Id), "1", keep);
    }

    private void Remember(QueueEntry entry, SmtpDetail? detail)
    {
        var now = time.GetUtcNow();
        if (_node.Count >= options.Value.MaxNodeJournalEntries)
        {
            var before = now - options.Value.NodeJournalTime;
            foreach (var (id, value) in _node)
            {
                if (value.At < before)
                {
                    _node.TryRemove(id, out _);
                }
            }
        }

        if (_node.Count < options.Value.MaxNodeJournalEntries)
        {
            _node[entry.Id] = (detail, now);
        }
    }

    /// <summary>Null when no 250 is journaled for the entry; else what the server answered, when this node saw it.</summary>
    public async Task<(bool Delivered, SmtpDetail? Detail)> FindAsync(QueueEntry entry, CancellationToken cancellationToken)
    {
        if (_node.TryGetValue(entry.Id, out var known))
        {
            return (true, known.Detail);
        }

        cancellationToken.ThrowIfCancellationRequested();
        return (await redis.GetDatabase().KeyExistsAsync(QueueKeys.Delivered(entry.Shard, entry.Id)), null);
    }

    /// <summary>The outcome is recorded (the completion dropped the Redis copy with its acknowledgement).</summary>
    public void Recorded(string messageId) => _node.TryRemove(messageId, out _);
}
