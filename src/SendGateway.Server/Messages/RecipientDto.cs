using System.Text.Json;

namespace SendGateway.Server.Messages;

internal sealed record RecipientDto(string? Email, string? Name, Dictionary<string, JsonElement>? Vars, Dictionary<string, string>? Metadata);
