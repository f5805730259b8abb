using System.Text.Json;

namespace SendGateway.Server.Messages;

public sealed record RecipientDto(string? Email, string? Name, Dictionary<string, JsonElement>? Vars, Dictionary<string, string>? Metadata);
