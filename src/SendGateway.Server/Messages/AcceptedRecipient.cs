namespace SendGateway.Server.Messages;

public sealed record AcceptedRecipient(string Id, string Email, string Status, string? Reason = null);
