namespace SendGateway.Client;

/// <summary>The API's <c>CreateApiKeyRequest</c> object.</summary>
public sealed record CreateApiKeyRequest
{
    /// <summary>JSON <c>name</c>.</summary>
    public string? Name { get; init; }

    /// <summary>JSON <c>scopes</c>.</summary>
    public List<string>? Scopes { get; init; }

    /// <summary>JSON <c>allowed_ips</c>.</summary>
    public List<string>? AllowedIps { get; init; }

    /// <summary>JSON <c>role</c>: the key's ceiling, at most the making key's (which it defaults to).</summary>
    public string? Role { get; init; }
}
