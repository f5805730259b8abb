namespace SendGateway.Client;

/// <summary>The API's <c>UpdateSmtpCredentialRequest</c> object.</summary>
public sealed record UpdateSmtpCredentialRequest
{
    /// <summary>JSON <c>default_stream</c>.</summary>
    public string? DefaultStream { get; init; }
}
