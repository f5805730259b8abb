namespace SendGateway.Client;

/// <summary>The API's <c>ApiKeyView</c> object.</summary>
public sealed record ApiKeyView
{
    /// <summary>JSON <c>id</c>.</summary>
    public string? Id { get; init; }

    /// <summary>JSON <c>name</c>.</summary>
    public string? Name { get; init; }

    /// <summary>JSON <c>scopes</c>.</summary>
    public IReadOnlyList<string>? Scopes { get; init; }

    /// <summary>JSON <c>allowed_ips</c>.</summary>
    public IReadOnlyList<string>? AllowedIps { get; init; }

    /// <summary>JSON <c>role</c>: the role the key carries at most (owner, admin, developer, viewer).</summary>
    public string? Role { get; init; }

    /// <summary>JSON <c>created_by</c>: <c>user:&lt;id&gt;</c>, <c>key:&lt;id&gt;</c>, <c>operator</c>, <c>cli</c>, <c>demo</c>; null for older keys.</summary>
    public string? CreatedBy { get; init; }

    /// <summary>JSON <c>created_at</c>.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>JSON <c>last_used_at</c>.</summary>
    public DateTimeOffset? LastUsedAt { get; init; }
}
