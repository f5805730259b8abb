namespace SendGateway.Server.Relay;

/// <summary><c>POST /v1/smtp-credentials</c>.</summary>
/// <param name="DefaultStream">The stream its messages belong to unless they say (<c>X-SG-Stream</c>); null: transactional.</param>
internal sealed record CreateSmtpCredentialRequest(string? Name, string? DefaultStream = null);
