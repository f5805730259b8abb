using System.Text.Json;
using System.Text.Json.Serialization;

namespace SendGateway.Server.Queue;

/// <summary>
/// What a keyed enqueue leaves in each shard's slot beside its entries on a Redis Cluster (<see cref="QueueKeys.Once"/>),
/// written in the shard's own enqueue script: the batch id, the request's fingerprint and every recipient's message id in
/// the request's order. A retry with the same key whose first run died after the write finds it and answers with these ids,
/// writing only the shards that lack it. Ids only: no address, no content.
/// </summary>
internal sealed record EnqueueMarker(
    [property: JsonPropertyName("b")] string BatchId,
    [property: JsonPropertyName("f")] string Fingerprint,
    [property: JsonPropertyName("m")] IReadOnlyList<string> MessageIds)
{
    /// <summary>How long a marker is kept: as long as the idempotency answer it stands in for.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    public string Serialize() => JsonSerializer.Serialize(this);

    public static EnqueueMarker? Parse(string value)
    {
        try
        {
            return JsonSerializer.Deserialize<EnqueueMarker>(value);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
