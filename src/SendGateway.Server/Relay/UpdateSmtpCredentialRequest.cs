namespace SendGateway.Server.Relay;

/// <summary><c>PATCH /v1/smtp-credentials/{id}</c>: the stream its messages belong to unless they say; null: transactional.</summary>
internal sealed record UpdateSmtpCredentialRequest(string? DefaultStream);
