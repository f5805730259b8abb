namespace SendGateway.Client;

/// <summary>The API's <c>CreateTenantRequest</c> object.</summary>
public sealed record CreateTenantRequest
{
    /// <summary>JSON <c>name</c>.</summary>
    public string? Name { get; init; }

    /// <summary>JSON <c>api_key_role</c>: the first key's role ceiling (owner when left out).</summary>
    public string? ApiKeyRole { get; init; }
}
