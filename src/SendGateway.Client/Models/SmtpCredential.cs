namespace SendGateway.Client;

/// <summary>The API's <c>SmtpCredential</c> object.</summary>
public sealed record SmtpCredential
{
    /// <summary>JSON <c>id</c>.</summary>
    public string? Id { get; init; }

    /// <summary>JSON <c>name</c>.</summary>
    public string? Name { get; init; }

    /// <summary>JSON <c>username</c>.</summary>
    public string? Username { get; init; }

    /// <summary>JSON <c>created_at</c>.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>JSON <c>last_used_at</c>.</summary>
    public DateTimeOffset? LastUsedAt { get; init; }

    /// <summary>JSON <c>default_stream</c>.</summary>
    public string? DefaultStream { get; init; }
}
