namespace SendGateway.Client;

/// <summary>The API's <c>UserView</c> object.</summary>
public sealed record UserView
{
    /// <summary>JSON <c>id</c>.</summary>
    public string? Id { get; init; }

    /// <summary>JSON <c>email</c>.</summary>
    public string? Email { get; init; }

    /// <summary>JSON <c>role</c>.</summary>
    public string? Role { get; init; }

    /// <summary>JSON <c>second_factor</c>.</summary>
    public bool SecondFactor { get; init; }

    /// <summary>JSON <c>created_at</c>.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>JSON <c>last_sign_in_at</c>.</summary>
    public DateTimeOffset? LastSignInAt { get; init; }
}
