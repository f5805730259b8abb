namespace SendGateway.Server.Relay;

/// <summary><c>POST /v1/smtp-credentials</c>.</summary>
internal sealed record CreateSmtpCredentialRequest(string? Name);
