using System.Text.Json.Serialization;

namespace SendGateway.Server.Queue;

/// <summary>Source-generated JSON for what travels through Redis (hot path: no reflection); events have theirs in <see cref="EventContract.EventJsonContext"/>.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(QueueEntry))]
[JsonSerializable(typeof(BatchContent))]
internal sealed partial class QueueJsonContext : JsonSerializerContext;
