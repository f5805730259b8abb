namespace SendGateway.Client;

/// <summary>The API's <c>CreateSmtpCredentialRequest</c> object.</summary>
public sealed record CreateSmtpCredentialRequest
{
    /// <summary>JSON <c>name</c>.</summary>
    public string? Name { get; init; }

    /// <summary>JSON <c>default_stream</c>.</summary>
    public string? DefaultStream { get; init; }
}
