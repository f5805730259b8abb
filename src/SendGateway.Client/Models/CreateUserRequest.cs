namespace SendGateway.Client;

/// <summary>The API's <c>CreateUserRequest</c> object.</summary>
public sealed record CreateUserRequest
{
    /// <summary>JSON <c>email</c>.</summary>
    public string? Email { get; init; }

    /// <summary>JSON <c>role</c>.</summary>
    public string? Role { get; init; }
}
