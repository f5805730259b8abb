namespace SendGateway.Client;

/// <summary>The API's <c>CreateDomainRequest</c> object.</summary>
public sealed record CreateDomainRequest
{
    /// <summary>JSON <c>name</c>.</summary>
    public string? Name { get; init; }
}
