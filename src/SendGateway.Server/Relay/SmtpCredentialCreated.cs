namespace SendGateway.Server.Relay;

/// <summary>A new SMTP credential: the only time its password is shown.</summary>
internal sealed record SmtpCredentialCreated(string Id, string Name, string Username, string Password, DateTime CreatedAt, string? DefaultStream = null);
