namespace SendGateway.Server.Messages;

/// <summary>
/// One envelope recipient to accept, with the <c>to</c> entry its copy is rendered for, and the subject of that copy
/// (rendered, or the submitted header) kept with the message's row when the tenant keeps subjects.
/// </summary>
internal sealed record AcceptRecipient(
    string Email, string ToEmail, string? ToName = null, Dictionary<string, System.Text.Json.JsonElement>? Vars = null, Dictionary<string, string>? Metadata = null,
    string? Subject = null);
