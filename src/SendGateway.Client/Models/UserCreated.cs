namespace SendGateway.Client;

/// <summary>The API's <c>UserCreated</c> object.</summary>
public sealed record UserCreated
{
    /// <summary>JSON <c>id</c>.</summary>
    public string? Id { get; init; }

    /// <summary>JSON <c>email</c>.</summary>
    public string? Email { get; init; }

    /// <summary>JSON <c>role</c>.</summary>
    public string? Role { get; init; }

    /// <summary>JSON <c>tenant_id</c>.</summary>
    public string? TenantId { get; init; }

    /// <summary>JSON <c>password</c>.</summary>
    public string? Password { get; init; }

    /// <summary>JSON <c>otpauth_uri</c>.</summary>
    public string? OtpauthUri { get; init; }
}
