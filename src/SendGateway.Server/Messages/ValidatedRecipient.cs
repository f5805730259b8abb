namespace SendGateway.Server.Messages;

/// <summary>A <c>to</c> entry that passed validation, with its copy's subject as rendered then (null: the message has none).</summary>
internal sealed record ValidatedRecipient(string Email, string? Name, Dictionary<string, System.Text.Json.JsonElement>? Vars, Dictionary<string, string>? Metadata)
{
    public string? Subject { get; init; }
}
