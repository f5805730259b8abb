using System.Security.Cryptography;
using System.Text;
using SendGateway.Server.Queue;
using StackExchange.Redis;

namespace SendGateway.Server.Messages;

/// <summary>
/// A tenant's optional de-duplication (reliability.md §4 row 9, T82): a message with the Message-ID and recipient of one
/// queued within <c>dedupe_window_minutes</c> is answered with the first one's ids and not queued again. One Redis key per
/// (tenant, Message-ID, recipient), <c>sg:dedupe:{t:&lt;tenant&gt;}:&lt;SHA-256&gt;</c> (no address in the name; the tenant as
/// hash tag, so one message's recipients are read in one MGET on a Redis Cluster too), holding the first batch
/// and message id and the window's end by the service's clock, written by the enqueue's script and expiring with the window.
/// </summary>
internal sealed class MessageDedupe(IConnectionMultiplexer redis, TimeProvider time)
{
    /// <summary>The first copies queued within the window, by recipient (case-insensitive); empty when none.</summary>
    public async Task<IReadOnlyDictionary<string, (string BatchId, string MessageId)>> FindAsync(string tenantId, string messageId, IReadOnlyList<string> recipients, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var distinct = recipients.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var values = await redis.GetDatabase().StringGetAsync([.. distinct.Select(r => (RedisKey)Key(tenantId, messageId, r))]);
        var found = new Dictionary<string, (string BatchId, string MessageId)>(StringComparer.OrdinalIgnoreCase);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        for (var i = 0; i < distinct.Count; i++)
        {
            if (values[i].HasValue && values[i].ToString().Split(' ') is [var batchId, var firstId, var until] && long.Parse(until, System.Globalization.CultureInfo.InvariantCulture) > now)
            {
                found[distinct[i]] = (batchId, firstId);
            }
        }

        return found;
    }

    /// <summary>The record of a copy queued now, for <see cref="OutboundQueue.EnqueueAsync(BatchContent, IReadOnlyList{EnqueueItem}, IReadOnlyList{HeldRecord}, EnqueueOnce?, CancellationToken)"/>.</summary>
    public static HeldRecord Record(string tenantId, string messageId, QueueEntry entry, TimeSpan window) =>
        new(Key(tenantId, messageId, entry.Recipient), $"{entry.BatchId} {entry.Id} {(entry.AcceptedAt + window).ToUnixTimeMilliseconds()}", window);

    private static string Key(string tenantId, string messageId, string recipient) =>
        $"sg:dedupe:{{t:{tenantId}}}:{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{messageId}\n{recipient.ToLowerInvariant()}")))}";
}
