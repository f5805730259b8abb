namespace SendGateway.Server.Messages;

/// <summary>One envelope recipient to accept, with the <c>to</c> entry its copy is rendered for.</summary>
internal sealed record AcceptRecipient(string Email, string ToEmail, string? ToName = null, Dictionary<string, System.Text.Json.JsonElement>? Vars = null, Dictionary<string, string>? Metadata = null);
