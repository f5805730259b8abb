namespace SendGateway.Server.Messages;

public sealed record ValidatedRecipient(string Email, string? Name, Dictionary<string, System.Text.Json.JsonElement>? Vars, Dictionary<string, string>? Metadata);
