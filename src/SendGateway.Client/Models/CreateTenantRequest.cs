namespace SendGateway.Client;

/// <summary>The API's <c>CreateTenantRequest</c> object.</summary>
public sealed record CreateTenantRequest
{
    /// <summary>JSON <c>name</c>.</summary>
    public string? Name { get; init; }
}
