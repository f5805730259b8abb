using System.Text.Json.Serialization;
using SendGateway.Server.Events;

namespace SendGateway.Server.Queue;

/// <summary>Source-generated JSON for what travels through Redis (hot path: no reflection).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(QueueEntry))]
[JsonSerializable(typeof(BatchContent))]
[JsonSerializable(typeof(ClientDetail))]
[JsonSerializable(typeof(EventRecord))]
[JsonSerializable(typeof(SmtpDetail))]
public sealed partial class QueueJsonContext : JsonSerializerContext;
