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
internal sealed class DeliveredJournal(IConnectionMultiplexer redis, IOptions<QueueOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, (SmtpDetail? Detail, DateTimeOffset At)> _node = new(StringComparer.Ordinal);

    /// <summary>
    /// Journals a remote acceptance right after the 250. The Redis write is sent without waiting for its reply: commands
    /// on the connection keep their order, so it reaches Redis before the outcome's completion (which drops it), and the
    /// attempt does not pause for a round trip.
    /// </summary>
    public void Mark(QueueEntry entry, TimeSpan keep, SmtpDetail? detail)
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

        try
        {
            _ = redis.GetDatabase().StringSetAsync(QueueKeys.Delivered(entry.Shard, entry.Id), "1", keep, flags: CommandFlags.FireAndForget);
        }
        catch (Exception e) when (Storage.Outage.IsTransient(e))
        {
            // Redis is down: the node's copy stands in until the outcome is recorded.
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
