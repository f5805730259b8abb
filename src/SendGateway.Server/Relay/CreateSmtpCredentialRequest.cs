namespace SendGateway.Server.Relay;

/// <summary><c>POST /v1/smtp-credentials</c>.</summary>
public sealed record CreateSmtpCredentialRequest(string? Name);
