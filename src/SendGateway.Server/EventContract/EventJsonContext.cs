using System.Text.Json.Serialization;

namespace SendGateway.Server.EventContract;

/// <summary>
/// Source-generated JSON of an event: what the queue writes into its event streams and the ingester reads back, and the
/// <c>smtp</c> and <c>client</c> parts stored as jsonb. The same options as the queue's own payloads (no reflection on the hot path).
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ClientDetail))]
[JsonSerializable(typeof(EventRecord))]
[JsonSerializable(typeof(SmtpDetail))]
internal sealed partial class EventJsonContext : JsonSerializerContext;
