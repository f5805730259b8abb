using System.Text.Json;
using SendGateway.Server.EventContract;
using SendGateway.Server.Events;
using SendGateway.Server.Queue;
using StackExchange.Redis;

namespace SendGateway.Server.Messages;

/// <summary>
/// A message between its 202 and the storing of its first event, read from the queue's record: the accept keeps, per
/// message, where its first event (<c>injected</c>, or <c>dropped</c> at accept) waits on the shard's event stream
/// (<see cref="QueueKeys.Accepted"/>); the ingester deletes that record once the event is in PostgreSQL. The answer is
/// what PostgreSQL will answer once the event is stored: that event's type as the status, the envelope as accepted and
/// that one event. Tenant-scoped.
/// </summary>
internal sealed class QueuedMessages(IConnectionMultiplexer redis, OutboundQueue queue)
{
    /// <summary>Null when no shard holds a record of the message for this tenant (never accepted, stored by now, or erased).</summary>
    public async Task<MessageView?> GetAsync(string tenantId, string id, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var db = redis.GetDatabase();
        // The message id does not name its shard: one GET per shard, all in flight together (one round trip on one Redis).
        var records = await Task.WhenAll(Enumerable.Range(0, queue.Shards).Select(shard => db.StringGetAsync(QueueKeys.Accepted(shard, id))));
        for (var shard = 0; shard < records.Length; shard++)
        {
            if (records[shard].IsNullOrEmpty)
            {
                continue;
            }

            foreach (var entry in await db.StreamRangeAsync(QueueKeys.Events(shard), records[shard], records[shard]))
            {
                if (Decode(entry["e"]) is { } first && first.TenantId == tenantId && first.MessageId == id)
                {
                    return new MessageView(first.MessageId, first.BatchId, first.Recipient, first.From, first.Tags, first.Metadata,
                        first.Type, first.Timestamp, first.Timestamp, [ToView(first)]) { Stream = first.Stream ?? Streams.StreamKinds.DefaultStream, Subject = first.Subject };
                }
            }
        }

        return null;
    }

    private static EventRecord? Decode(RedisValue json)
    {
        try
        {
            return json.IsNullOrEmpty ? null : JsonSerializer.Deserialize(((ReadOnlyMemory<byte>)json).Span, EventJsonContext.Default.EventRecord);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static EventView ToView(EventRecord e) => new(
        e.Id, e.Type, e.Timestamp, e.MessageId, e.BatchId, e.Sequence, e.Recipient, e.RecipientDomain, e.From, e.Tags, e.Metadata, e.Smtp, e.Bounce,
        e.Reason, e.Url, e.UserAgent, e.Machine, e.MachineReason, e.Client, e.Stream ?? Streams.StreamKinds.DefaultStream);
}
