namespace SendGateway.Client;

/// <summary>The API's <c>TenantCreated</c> object.</summary>
public sealed record TenantCreated
{
    /// <summary>JSON <c>id</c>.</summary>
    public string? Id { get; init; }

    /// <summary>JSON <c>name</c>.</summary>
    public string? Name { get; init; }

    /// <summary>JSON <c>api_key</c>.</summary>
    public string? ApiKey { get; init; }

    /// <summary>JSON <c>created_at</c>.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>JSON <c>api_key_role</c>: the first key's role ceiling.</summary>
    public string? ApiKeyRole { get; init; }
}
