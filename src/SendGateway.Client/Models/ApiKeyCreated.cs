namespace SendGateway.Client;

/// <summary>The API's <c>ApiKeyCreated</c> object.</summary>
public sealed record ApiKeyCreated
{
    /// <summary>JSON <c>id</c>.</summary>
    public string? Id { get; init; }

    /// <summary>JSON <c>name</c>.</summary>
    public string? Name { get; init; }

    /// <summary>JSON <c>scopes</c>.</summary>
    public IReadOnlyList<string>? Scopes { get; init; }

    /// <summary>JSON <c>allowed_ips</c>.</summary>
    public IReadOnlyList<string>? AllowedIps { get; init; }

    /// <summary>JSON <c>key</c>.</summary>
    public string? Key { get; init; }

    /// <summary>JSON <c>created_at</c>.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>JSON <c>role</c>: the role the key carries at most.</summary>
    public string? Role { get; init; }

    /// <summary>JSON <c>created_by</c>: who made the key.</summary>
    public string? CreatedBy { get; init; }
}
