namespace SendGateway.Server.Messages;

internal sealed record ValidatedRecipient(string Email, string? Name, Dictionary<string, System.Text.Json.JsonElement>? Vars, Dictionary<string, string>? Metadata);
