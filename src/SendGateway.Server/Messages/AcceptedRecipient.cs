namespace SendGateway.Server.Messages;

internal sealed record AcceptedRecipient(string Id, string Email, string Status, string? Reason = null);
