using System.Text.Json;
using SendGateway.Server.EventContract;
using StackExchange.Redis;

namespace SendGateway.Server.Queue;

/// <summary>
/// What can still be read of a queue entry that does not decode (a bug, a version skew; reliability.md T89): when its
/// JSON still names the message, its tenant and its recipient, the <c>dropped</c> event (reason <c>internal_error</c>)
/// that goes to the event stream with its dead letter, so the sender learns of it. Not JSON, or without those: nothing
/// is known to tell, and the dead letter alone records it.
/// </summary>
internal static class UndecodableEntry
{
    private static readonly BatchContent Unknown = new() { FromEmail = "unknown@invalid" };

    /// <summary>The event, or null when the entry does not say whose message it is.</summary>
    public static async Task<EventRecord?> DroppedAsync(
        int shard, RedisValue json, Func<string, CancellationToken, Task<BatchContent?>> content, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (Known(shard, json) is not { } entry)
        {
            return null;
        }

        var batch = Unknown;
        if (entry.BatchId.Length > 0)
        {
            try
            {
                batch = await content(entry.BatchId, cancellationToken) ?? Unknown;
            }
            catch (Exception e) when (e is JsonException or System.Security.Cryptography.CryptographicException)
            {
                // Its content does not decode either: the event carries what the entry holds.
            }
        }

        return EventFactory.Create(entry, batch, EventTypes.Dropped, at, reason: EventTypes.InternalError);
    }

    /// <summary>The entry's identifying fields as a <see cref="QueueEntry"/> (the rest left empty), or null.</summary>
    private static QueueEntry? Known(int shard, RedisValue json)
    {
        if (json.IsNull)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse((ReadOnlyMemory<byte>)json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || Text(root, "id") is not { } id || Text(root, "tenant_id") is not { } tenant ||
                Text(root, "recipient") is not { } recipient || !recipient.Contains('@', StringComparison.Ordinal))
            {
                return null;
            }

            var sequence = root.TryGetProperty("sequence", out var s) && s.TryGetInt32(out var n) ? n : 1;
            return new QueueEntry
            {
                Id = id, BatchId = Text(root, "batch_id") ?? string.Empty, TenantId = tenant, Recipient = recipient, ToEmail = recipient,
                Shard = shard, Sequence = sequence, AcceptedAt = DateTimeOffset.UnixEpoch,
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;
}
