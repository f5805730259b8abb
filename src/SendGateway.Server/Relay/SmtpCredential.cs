namespace SendGateway.Server.Relay;

/// <summary>An SMTP credential as listed (never with its password).</summary>
public sealed record SmtpCredential
{
    public string Id { get; init; } = string.Empty;

    public string Name { get; init; } = string.Empty;

    public string Username { get; init; } = string.Empty;

    public DateTime CreatedAt { get; init; }
}
