namespace SendGateway.Server.Messages;

public sealed record ValidatedRecipient(string Email, string? Name, Dictionary<string, string>? Vars, Dictionary<string, string>? Metadata);
