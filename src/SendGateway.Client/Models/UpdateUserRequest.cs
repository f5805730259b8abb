namespace SendGateway.Client;

/// <summary>The API's <c>UpdateUserRequest</c> object.</summary>
public sealed record UpdateUserRequest
{
    /// <summary>JSON <c>role</c>.</summary>
    public string? Role { get; init; }
}
