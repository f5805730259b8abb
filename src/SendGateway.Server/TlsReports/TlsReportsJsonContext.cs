using System.Text.Json.Serialization;

namespace SendGateway.Server.TlsReports;

/// <summary>The stored shapes of the counts' policies and failure details.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(StoredPolicy))]
[JsonSerializable(typeof(StoredFailure))]
internal sealed partial class TlsReportsJsonContext : JsonSerializerContext;
