namespace SendGateway.Client;

/// <summary>The API's <c>SmtpCredentialCreated</c> object.</summary>
public sealed record SmtpCredentialCreated
{
    /// <summary>JSON <c>id</c>.</summary>
    public string? Id { get; init; }

    /// <summary>JSON <c>name</c>.</summary>
    public string? Name { get; init; }

    /// <summary>JSON <c>username</c>.</summary>
    public string? Username { get; init; }

    /// <summary>JSON <c>password</c>.</summary>
    public string? Password { get; init; }

    /// <summary>JSON <c>created_at</c>.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>JSON <c>default_stream</c>.</summary>
    public string? DefaultStream { get; init; }
}
